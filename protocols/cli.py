"""The `protocols` command. Commands are thin: they call the same services as the HTTP API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ingest.errors import IngestError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Архив протоколов совещаний: чтение, извлечение, поиск.")


@app.command()
def show(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help=".docx или .pdf")],
    as_json: Annotated[bool, typer.Option("--json", help="the full record as JSON")] = False,
) -> None:
    """Read one file, extract its structure and print the record."""
    from extract.pipeline import Extractor
    from ingest.reading import read_file
    from protocols.render import render_protocol

    try:
        protocol = Extractor().extract(read_file(file))
    except IngestError as error:
        typer.echo(f"Ошибка: {error}", err=True)
        raise typer.Exit(2) from error
    if as_json:
        sys.stdout.write(json.dumps(protocol.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_protocol(protocol))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the record `show --json` prints."""
    from protocols.model import MeetingProtocol

    sys.stdout.write(json.dumps(MeetingProtocol.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    app()
