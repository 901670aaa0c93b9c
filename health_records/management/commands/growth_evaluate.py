"""``manage.py growth_evaluate INPUT.csv [-o OUTPUT.csv]``: bulk growth evaluation.

A thin wrapper: the CSV logic is :func:`health_records.growth.bulk.evaluate_csv` (pure Python,
tested without Django); this command opens the files, shows a progress bar on a terminal and
turns failed rows into a non-zero exit status. Reads nothing from and writes nothing to the
database.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from health_records.growth import GrowthInputError
from health_records.growth.bulk import BulkSummary, evaluate_csv


class _StdoutWriter:
    """Lets the csv module write to the command's stdout without extra line endings."""

    def __init__(self, command: BaseCommand) -> None:
        self._command = command

    def write(self, text: str) -> int:
        self._command.stdout.write(text, ending="")
        return len(text)


def _count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)


class Command(BaseCommand):
    help = (
        "Evaluate a CSV of measurements against WHO 2006 and WS/T 423—2022 and write it back "
        "with z-scores, percentiles, flags, classes and an errors column. Columns: see "
        "health_records.growth.bulk. Exits with status 1 if any row failed."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("input", type=Path, help="CSV file with a header row (UTF-8)")
        parser.add_argument(
            "-o", "--output", type=Path, help="output CSV file (default: standard output)"
        )
        parser.add_argument(
            "--level-method",
            choices=("sd", "percentile"),
            default="sd",
            help="WS/T 423—2022 growth levels by the SD (default) or percentile tables",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source_path: Path = options["input"]
        output_path: Path | None = options["output"]
        if not source_path.is_file():
            raise CommandError(f"{source_path}: no such file")
        show_progress = sys.stdout.isatty()
        bar = tqdm(
            total=_count_rows(source_path) if show_progress else None,
            unit="rows",
            disable=not show_progress,
            file=sys.stderr,
        )
        with source_path.open(encoding="utf-8-sig", newline="") as source:
            if output_path is None:
                summary = self._evaluate(source, _StdoutWriter(self), bar, options)
            else:
                with output_path.open("w", encoding="utf-8", newline="") as target:
                    summary = self._evaluate(source, target, bar, options)
        bar.close()
        if summary.failed_rows:
            for message in summary.errors[:10]:
                self.stderr.write(message)
            raise CommandError(
                f"{summary.failed_rows} of {summary.rows} rows failed (see the errors column); "
                f"the other {summary.rows - summary.failed_rows} were evaluated",
                returncode=1,
            )
        self.stderr.write(f"{summary.rows} rows evaluated")

    def _evaluate(
        self,
        source: TextIO,
        target: TextIO | _StdoutWriter,
        bar: tqdm[Any],
        options: dict[str, Any],
    ) -> BulkSummary:
        try:
            return evaluate_csv(
                source,
                target,
                today=timezone.localdate(),
                level_method=options["level_method"],
                progress=bar.update,
            )
        except GrowthInputError as error:
            raise CommandError(
                f"{options['input']}: {error.message} [{error.code.value}]"
            ) from None
