"""`protocols reindex --to elasticsearch`: copy the store into Elasticsearch, thin over `copy_store`.

The `reindex` command (ingest/commands.py) hands its `--to` value here.
"""

from __future__ import annotations

import typer
from elastic_transport import TransportError
from elasticsearch import ApiError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from protocols.settings import get_settings

TARGETS = ("elasticsearch",)
EXIT_UNAVAILABLE = 2


def reindex_to(target: str) -> None:
    """Copy every stored protocol into a new generation of the target index and switch to it."""
    if target not in TARGETS:
        raise typer.BadParameter(f"можно только: {', '.join(TARGETS)}", param_hint="--to")
    from search_api.index.elasticsearch import ElasticsearchIndex, copy_store
    from search_api.service import get_service

    settings = get_settings()
    err = Console(stderr=True)
    try:
        index = ElasticsearchIndex.from_settings(settings)
    except ValueError as error:
        err.print(f"Ошибка: {error}")
        raise typer.Exit(EXIT_UNAVAILABLE) from error
    except (TransportError, ApiError) as error:
        err.print(f"Elasticsearch по адресу {settings.es_url} недоступен: {error}")
        raise typer.Exit(EXIT_UNAVAILABLE) from error
    service = get_service(settings)
    try:
        with Progress(
            TextColumn("[bold]Копирование в Elasticsearch"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err,
        ) as progress:
            task = progress.add_task("copy", total=None)
            report = copy_store(service, index, lambda done, total: progress.update(task, completed=done, total=total))
    finally:
        index.close()
    err.print(
        f"Скопировано протоколов: {report.copied} (за время копирования добавлено {report.caught_up},"
        f" удалено {report.removed}). Поиск идёт по новым индексам: {', '.join(report.indices)};"
        f" старые удалены: {', '.join(report.dropped_indices) or 'их не было'}."
    )
