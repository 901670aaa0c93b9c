"""Vomiting: two vomits in one (centre-local) day.

Source: the centre's all-day health observation (全日健康观察, 《托儿所幼儿园卫生保健工作规范》
2012) sends repeated vomiting to the health worker; one vomit can be a posset or a gag, a second
one the same day is treated as a symptom (acute gastroenteritis, or with fever an infection;
norovirus clusters in childcare start this way). Severity ``moderate``.
"""

from __future__ import annotations

from . import RuleHit

VOMITS_PER_DAY = 2


def vomiting_rule(vomits_today: int, *, threshold: int = VOMITS_PER_DAY) -> RuleHit | None:
    """Fires when the day's vomit count (including the new one) reaches ``threshold`` exactly."""
    if vomits_today != threshold:
        return None
    return RuleHit(
        f"vomiting_{threshold}_per_day",
        "vomiting",
        "moderate",
        {"vomits_today": vomits_today, "threshold": threshold},
    )
