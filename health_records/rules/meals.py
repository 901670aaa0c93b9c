"""Refused meals in a row: a care note for the nurse.

Source: 《托育机构保育指导大纲（试行）》 (国家卫健委 2021) asks caregivers to watch intake and tell
the health worker when a child does not eat; refusing two consecutive meals is an early sign of
illness in toddlers (and with fever, of dehydration risk). It is a note for the nurse, not a
symptom flag: severity ``routine`` in the alert service's terms.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import RuleHit

REFUSED_MEALS_IN_ROW = 2
REFUSED = "refused"


def refused_meals_rule(
    amounts_in_order: Sequence[str], *, threshold: int = REFUSED_MEALS_IN_ROW
) -> RuleHit | None:
    """Fires when the last ``threshold`` meals were all refused and the streak just reached it.

    ``amounts_in_order``: the child's recent ``amount_eaten`` codes, oldest first, ending with the
    meal just recorded. A third refusal in the same streak does not fire again.
    """
    if len(amounts_in_order) < threshold:
        return None
    tail = amounts_in_order[-threshold:]
    if any(a != REFUSED for a in tail):
        return None
    before = amounts_in_order[:-threshold]
    if before and before[-1] == REFUSED:
        return None
    return RuleHit(
        f"refused_{threshold}_meals_in_row",
        "refusing_food",
        "routine",
        {"refused_in_row": threshold},
    )
