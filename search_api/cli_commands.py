"""The search commands of the `protocols` CLI (registered in protocols/cli.py): thin over the service."""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from ingest.errors import IngestError
from protocols.settings import get_settings
from search_api.errors import ServiceError

EXIT_FAILED_FILES = 1
EXIT_BAD_REQUEST = 2
SUFFIXES = {".docx", ".pdf"}
MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def serve(
    host: Annotated[str | None, typer.Option(help="адрес (по умолчанию PROTOCOLS_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="порт (по умолчанию PROTOCOLS_PORT)")] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs)."""
    import uvicorn

    from ingest.queue import serve_consumers
    from search_api.app import create_app
    from search_api.service import ProtocolService

    settings = get_settings()
    # Queue consumers in this program (one command is enough), forked first: a fork must not copy
    # the locks of a running thread or an open database connection.
    with serve_consumers(settings):
        app = create_app(settings)
        app.state.service = ProtocolService(settings)
        # Load the index's in-memory columns now, not on the first user's search.
        threading.Thread(target=app.state.service.warm_up, name="index-warm-up", daemon=True).start()
        uvicorn.run(app, host=host or settings.host, port=port or settings.port)


def search(
    query: Annotated[str, typer.Argument(help='запрос: слова, "фраза", настав*, OR, -слово')] = "",
    school: Annotated[list[str], typer.Option("--school", help="организация (ключ или как в тексте); можно повторять")] = [],  # noqa: B006
    speaker: Annotated[list[str], typer.Option("--speaker", help='выступающий "Фамилия И.О."')] = [],  # noqa: B006
    kind: Annotated[list[str], typer.Option("--kind", help="вид заседания")] = [],  # noqa: B006
    year: Annotated[list[int], typer.Option("--year", help="год заседания")] = [],  # noqa: B006
    measure: Annotated[list[str], typer.Option("--measure", help="ключ меры")] = [],  # noqa: B006
    date_from: Annotated[dt.datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="с даты")] = None,
    date_to: Annotated[dt.datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="по дату")] = None,
    decisions: Annotated[bool, typer.Option("--decisions", help="искать решения, а не протоколы")] = False,
    limit: Annotated[int, typer.Option("--limit", help="сколько показать")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="ответ как в HTTP API")] = False,
) -> None:
    """Search protocols (or decisions) like GET /protocols does."""
    from search_api.params import SearchParams
    from search_api.service import get_service

    params = SearchParams(
        q=query or None, school=school, speaker=speaker, kind=kind, year=year, measure=measure,
        date_from=date_from.date() if date_from else None, date_to=date_to.date() if date_to else None,
        limit=limit, facets=as_json,
    )
    service = get_service()
    try:
        page = service.search_decisions(params) if decisions else service.search_protocols(params)
    except ServiceError as error:
        typer.echo(f"Ошибка: {error.message}", err=True)
        raise typer.Exit(EXIT_BAD_REQUEST) from error
    if as_json:
        sys.stdout.write(page.model_dump_json(indent=2) + "\n")
        return
    console = Console(highlight=False)
    console.print(f"Найдено: {page.total}")
    for hit in page.hits:
        date = hit.date.strftime("%d.%m.%Y") if hit.date else "без даты"
        if decisions:
            console.print(Text(f"\n{date}  {hit.protocol.title}  [{hit.id}]", style="bold"))
            console.print(_marked(hit.snippet) if hit.snippet else Text(hit.text))
        else:
            console.print(Text(f"\n{date}  {hit.title}  [{hit.id}]", style="bold"))
            console.print(Text(f"файл: {hit.filename}", style="dim"))
            if hit.snippet:
                console.print(_marked(hit.snippet))


def _marked(snippet: str) -> Text:
    """A snippet's <mark>s as terminal highlighting."""
    text = Text()
    at = 0
    for match in MARK.finditer(snippet):
        text.append(html.unescape(snippet[at:match.start()]))
        text.append(html.unescape(match.group(1)), style="bold yellow")
        at = match.end()
    text.append(html.unescape(snippet[at:]))
    return text


def protocol_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The .docx and .pdf files of the paths given, folders walked recursively, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def ingest_paths(paths: list[Path]) -> int:
    """Ingest files one by one through the service; print each outcome; return the number that failed."""
    from search_api.service import get_service

    service = get_service()
    failed = 0
    for path in protocol_files(paths):
        try:
            outcome = service.ingest_file(path)
        except IngestError as error:
            failed += 1
            typer.echo(f"ошибка    {path}: [{error.code}] {error.message}")
            continue
        status = "добавлен" if outcome.status == "added" else "повтор   "
        typer.echo(f"{status}  {path} -> {outcome.protocol_id} (решений: {outcome.decisions})")
    return failed


def ingest(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="файлы .docx/.pdf и папки (рекурсивно)")],
) -> None:
    """Load files one after another: read, extract, store, index. Exit code 1 if any file failed."""
    if ingest_paths(paths):
        raise typer.Exit(EXIT_FAILED_FILES)
