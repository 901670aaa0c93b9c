"""Health rules over the day's records: pure functions, no database, no Django models.

Each rule takes plain values (Decimals, aware datetimes, choice codes) and the centre's
threshold, and returns a :class:`RuleHit` or ``None``. The services (``services.care_rules``)
read the records, call the rule, and raise the symptom flag or care note through the alert
service in the same transaction as the record. Each module names the clinical source of its
default threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class RuleHit:
    """A rule fired.

    ``rule``: stable code naming the rule and its threshold (``fever_axillary_37_3``);
    ``symptom``: a symptom code of the symptom-flag service (``fever``, ``diarrhoea``, …) or
    ``refusing_food``; ``severity``: ``mild``/``moderate``/``severe``; ``detail``: JSON-safe facts
    behind the hit (counts, the threshold), never names.
    """

    rule: str
    symptom: str
    severity: str
    detail: dict[str, object] = field(default_factory=dict)


def threshold_code(value: Decimal) -> str:
    """``Decimal("37.3")`` → ``"37_3"`` (for rule codes)."""
    return str(value).replace(".", "_")
