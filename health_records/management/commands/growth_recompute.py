"""``manage.py growth_recompute``: re-evaluate stored growth measurements with the current engine.

Run it when the growth engine (``ENGINE_VERSION``) or a growth policy changes. Raw measurements
and their history are never touched; only the stored evaluations are rewritten, child by child
(:func:`health_records.services.growth.growth_evaluations_recompute`). A progress bar is shown on
a terminal only (tqdm), never in logs or pipes.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from health_records.growth import ENGINE_VERSION
from health_records.models import GrowthMeasurement, GrowthMeasurementEvaluation
from health_records.services.growth import growth_evaluations_recompute


class Command(BaseCommand):
    help = "Re-evaluate stored growth measurements with the current growth engine."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-only",
            action="store_true",
            help="Only children with an evaluation from another engine version (or none).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale_only = bool(options["stale_only"])
        total = GrowthMeasurement.objects.count()
        if stale_only:
            current = GrowthMeasurementEvaluation.objects.filter(engine_version=ENGINE_VERSION)
            total -= current.count()
        show_progress = sys.stdout.isatty()
        with tqdm(total=total, unit="measurement", disable=not show_progress) as bar:

            def advance(count: int) -> None:
                bar.update(count)

            done = growth_evaluations_recompute(stale_only=stale_only, progress=advance)
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-evaluated {done} measurements with growth engine {ENGINE_VERSION}."
            )
        )
