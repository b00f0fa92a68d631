"""A batch in the terminal: a progress bar while it runs (files/s, ETA, failures) and a summary table after."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.batches import BatchReport, BatchStore, BatchSummary, ItemReport, ItemStatus

STATUS_LABELS = {
    ItemStatus.QUEUED: "в очереди",
    ItemStatus.PROCESSING: "обрабатывается",
    ItemStatus.DONE: "загружено",
    ItemStatus.DUPLICATE: "дубликат",
    ItemStatus.FAILED: "ошибка",
    ItemStatus.SKIPPED: "пропущено",
}
STATUS_STYLES = {ItemStatus.DONE: "green", ItemStatus.DUPLICATE: "cyan", ItemStatus.FAILED: "red", ItemStatus.SKIPPED: "yellow"}
PROBLEM_ROWS = 200


def _finished(summary: BatchSummary) -> int:
    return summary.total - summary.counts[ItemStatus.QUEUED] - summary.counts[ItemStatus.PROCESSING]


def _eta(summary: BatchSummary) -> str:
    if summary.eta_seconds is None:
        return "осталось —"
    minutes, seconds = divmod(int(summary.eta_seconds + 0.5), 60)
    return f"осталось {minutes}:{seconds:02d}"


class BatchProgress:
    """A rich progress bar fed with batch summaries."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("[bold]Загрузка"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[eta]}"),
            TextColumn("[red]{task.fields[failed]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            auto_refresh=False,  # no refresh thread: worker processes are forked while the bar is shown
        )
        self.task: TaskID | None = None

    def __enter__(self) -> BatchProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def update(self, summary: BatchSummary) -> None:
        fields = {
            "rate": f"{summary.rate:.1f} файл/с" if summary.rate else "— файл/с",
            "eta": _eta(summary),
            "failed": f"ошибок: {summary.counts[ItemStatus.FAILED]}" if summary.counts[ItemStatus.FAILED] else "",
        }
        if self.task is None:
            self.task = self.progress.add_task("batch", total=summary.total, **fields)
        self.progress.update(self.task, total=summary.total, completed=_finished(summary), **fields)
        self.progress.refresh()


class FileLines:
    """One line per file as it finishes, as the sequential `protocols ingest` always printed them."""

    def __init__(self, batches: BatchStore, batch_id: str, write: Callable[[str], None]) -> None:
        self.batches = batches
        self.batch_id = batch_id
        self.write = write
        self.seen: set[int] = set()
        self.since = 0.0

    def update(self) -> None:
        for item in self.batches.finished_since(self.batch_id, self.since):
            if item.id not in self.seen:
                self.seen.add(item.id)
                self.write(file_line(item))
            self.since = max(self.since, item.finished_at or 0.0)


def file_line(item: ItemReport) -> str:
    if item.status is ItemStatus.DONE:
        return f"добавлен  {item.path} -> {item.protocol_id}"
    if item.status is ItemStatus.DUPLICATE and item.duplicate_of is not None:
        first = f" (тот же файл, что {item.duplicate_of.display_path})" if item.duplicate_of.display_path else ""
        return f"повтор    {item.path} -> {item.duplicate_of.protocol_id}{first}"
    if item.status is ItemStatus.SKIPPED:
        return f"пропущен  {item.path}: {item.message}"
    return f"ошибка    {item.path}: [{item.code}] {item.message}"


def summary_tables(report: BatchReport) -> list[Table]:
    """Counts by status, then every file that did not simply load (failed, duplicate, skipped)."""
    totals = Table(title=f"Пакет {report.id}", show_header=True)
    totals.add_column("Статус")
    totals.add_column("Файлов", justify="right")
    for status in ItemStatus:
        if report.counts[status]:
            totals.add_row(f"[{STATUS_STYLES.get(status, '')}]{STATUS_LABELS[status]}", str(report.counts[status]))
    totals.add_row("[bold]всего", f"[bold]{report.total}")
    if report.rate:
        totals.caption = f"{report.rate:.1f} файл/с"
    tables = [totals]
    problems = [item for item in report.items if item.status not in (ItemStatus.DONE, ItemStatus.QUEUED)]
    if problems:
        detail = Table(show_header=True)
        detail.add_column("Файл", overflow="fold")
        detail.add_column("Статус")
        detail.add_column("Причина", overflow="fold")
        for item in problems[:PROBLEM_ROWS]:
            if item.status is ItemStatus.DUPLICATE and item.duplicate_of is not None:
                of = item.duplicate_of
                reason = f"тот же файл, что {of.display_path}" if of.display_path else "уже загружен ранее"
                if of.protocol_id:
                    reason += f" (протокол {of.protocol_id})"
            else:
                reason = f"{item.code}: {item.message}" if item.code and item.status is ItemStatus.FAILED else item.message or ""
            detail.add_row(item.path, f"[{STATUS_STYLES.get(item.status, '')}]{STATUS_LABELS[item.status]}", reason)
        if len(problems) > PROBLEM_ROWS:
            detail.caption = f"и ещё {len(problems) - PROBLEM_ROWS}: protocols batches {report.id} --json"
        tables.append(detail)
    return tables
