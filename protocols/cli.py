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
def evaluate(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="gold directories or files (*.gold.json / *.txt)")],
    as_json: Annotated[bool, typer.Option("--json", help="figures as JSON")] = False,
    show_errors: Annotated[bool, typer.Option("--show-errors", help="per file: gold items missed (-) and spurious ones (+)")] = False,
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="also score the natasha-only baseline")] = True,
) -> None:
    """Score extraction against gold annotations: per-field precision, recall, F1 and macro F1."""
    from extract.evaluation_run import run_evaluation

    sys.stdout.write(run_evaluation(paths, as_json=as_json, show_errors=show_errors, with_baseline=baseline))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the record `show --json` prints."""
    from protocols.model import MeetingProtocol

    sys.stdout.write(json.dumps(MeetingProtocol.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


# search (issue 4): serve, search, and the simple sequential ingest
from search_api import cli_commands as search_commands  # noqa: E402

app.command()(search_commands.serve)
app.command()(search_commands.search)

# bulk ingest (issue 5): `ingest` (replaces the sequential one, which is its --jobs 1 path), worker, batches, reindex
from ingest import commands as bulk_commands  # noqa: E402

app.command()(bulk_commands.ingest)
app.command()(bulk_commands.worker)
app.command()(bulk_commands.batches)
app.command()(bulk_commands.reindex)


def main() -> None:
    app()
