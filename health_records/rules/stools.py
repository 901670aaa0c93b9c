"""Diarrhoea: three or more loose or watery stools in 24 hours.

Source: WHO, *Diarrhoeal disease* fact sheet (2024) and *The treatment of diarrhoea* (2005):
diarrhoea is "the passage of three or more loose or liquid stools per day". We count in a sliding
24-hour window, which catches an evening-to-morning run that a calendar day would split.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from . import RuleHit

LOOSE_STOOLS_IN_24H = 3
WINDOW = dt.timedelta(hours=24)


def loose_stools_in_window(loose_stool_times: Iterable[dt.datetime], end: dt.datetime) -> int:
    """How many of the (aware) times fall in the half-open window (end − 24 h, end]."""
    start = end - WINDOW
    return sum(1 for t in loose_stool_times if start < t <= end)


def diarrhoea_rule(
    loose_stool_times: Iterable[dt.datetime],
    at: dt.datetime,
    *,
    threshold: int = LOOSE_STOOLS_IN_24H,
) -> RuleHit | None:
    """Fires when the loose stool at ``at`` makes the 24-hour count reach ``threshold`` exactly.

    ``loose_stool_times``: aware times of the child's loose or watery stools, including ``at``.
    Firing only on reaching the threshold (not on every later stool) gives one flag per episode;
    the alert service deduplicates further. Severity ``moderate``.
    """
    count = loose_stools_in_window(loose_stool_times, at)
    if count != threshold:
        return None
    return RuleHit(
        f"diarrhoea_{threshold}_loose_stools_24h",
        "diarrhoea",
        "moderate",
        {"loose_stools_24h": count, "threshold": threshold},
    )
