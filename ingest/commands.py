"""The bulk-ingest commands of the `protocols` CLI (registered in protocols/cli.py): thin over `ingest.bulk`."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest.batches import BatchReport, BatchSummary, ItemStatus
from protocols.settings import get_settings

EXIT_FAILED_FILES = 1
EXIT_INTERRUPTED = 130


def ingest(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="файлы .docx/.pdf, папки (рекурсивно), zip-архивы")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="параллельных обработчиков (процессов)")] = 1,
    detach: Annotated[
        bool, typer.Option("--detach", help="только поставить в очередь для `protocols worker` и вывести номер пакета")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="итог пакета как JSON (статус каждого файла)")] = False,
) -> None:
    """Load files, folders and zip archives as one batch; exit code 1 if any file failed."""
    from ingest.bulk import BulkIngest
    from ingest.progress import BatchProgress, FileLines

    bulk = BulkIngest(get_settings())
    err = Console(stderr=True)
    batch_id, queued = bulk.submit_paths(paths, enqueue=detach)
    if detach:
        sys.stdout.write(f"{batch_id}\n")
        err.print(f"Пакет {batch_id}: {len(queued)} файлов в очереди; их обработает `protocols worker`.")
        return
    lines = FileLines(bulk.batches, batch_id, typer.echo)

    def on_progress(summary: BatchSummary) -> None:
        progress.update(summary)
        if not as_json:
            lines.update()

    try:
        with BatchProgress(err) as progress:
            bulk.run(batch_id, queued, jobs=jobs, on_progress=on_progress)
    except KeyboardInterrupt:
        err.print(f"Прервано. Пакет {batch_id} не закончен: оставшиеся файлы обработает `protocols worker`.")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    report = _full_report(bulk.batches, batch_id)
    _print_report(report, as_json)
    if report.counts[ItemStatus.FAILED]:
        raise typer.Exit(EXIT_FAILED_FILES)


def worker(
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="обработчиков (больше одного: процессы)")] = 1,
) -> None:
    """Process queued files until stopped (Ctrl-C or SIGTERM finish the files in hand)."""
    from ingest.queue import IngestQueue

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    IngestQueue(get_settings()).run_worker(workers)


def batches(
    batch_id: Annotated[str | None, typer.Argument(help="номер пакета; без него: список пакетов")] = None,
    status: Annotated[ItemStatus | None, typer.Option(help="только файлы с этим статусом")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List batches, or show one with the status of every file."""
    from ingest.batches import BatchStore

    store = BatchStore(get_settings().batches_path)
    if batch_id is None:
        _, summaries = store.list_batches(limit=50)
        if as_json:
            sys.stdout.write("[" + ",".join(s.model_dump_json() for s in summaries) + "]\n")
            return
        table = Table("Пакет", "Источник", "Состояние", "Файлов", "Ошибок", "Метка")
        for s in summaries:
            table.add_row(s.id, s.origin, s.state, str(s.total), str(s.counts[ItemStatus.FAILED]), s.label)
        Console().print(table)
        return
    report = _full_report(store, batch_id, status)
    if report is None:
        typer.echo(f"Пакет {batch_id} не найден", err=True)
        raise typer.Exit(2)
    _print_report(report, as_json)


def _full_report(store, batch_id: str, status: ItemStatus | None = None) -> BatchReport | None:
    summary = store.summary(batch_id)
    if summary is None:
        return None
    return store.report(batch_id, status=status, limit=max(summary.total, 1))


def _print_report(report: BatchReport, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
        return
    from ingest.progress import summary_tables

    console = Console()
    for table in summary_tables(report):
        console.print(table)


def reindex(
    outdated_only: Annotated[
        bool, typer.Option("--outdated-only", help="только протоколы, извлечённые другой версией извлечения")
    ] = False,
    to: Annotated[
        str | None,
        typer.Option("--to", help="elasticsearch: скопировать хранилище в Elasticsearch без переизвлечения и переключить поиск"),
    ] = None,
) -> None:
    """Re-extract every stored original with the current extractor and re-index it; exit code 1 if any failed.
    With --to elasticsearch: copy the store into a new generation of Elasticsearch indices and switch to it."""
    if to is not None:
        from search_api.index.es_commands import reindex_to

        reindex_to(to)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from search_api.service import get_service

    service = get_service(get_settings())
    err = Console(stderr=True)
    with Progress(
        TextColumn("[bold]Переизвлечение"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err
    ) as progress:
        task = progress.add_task("reindex", total=None)
        report = service.reextract_all(
            lambda done, total: progress.update(task, completed=done, total=total), only_outdated=outdated_only
        )
    err.print(f"Переизвлечено: {report.done} из {report.total}, ошибок: {len(report.failed)}")
    if report.failed:
        table = Table("Протокол", "Код", "Причина")
        for protocol_id, code, message in report.failed:
            table.add_row(protocol_id, code, message)
        Console().print(table)
        raise typer.Exit(EXIT_FAILED_FILES)
