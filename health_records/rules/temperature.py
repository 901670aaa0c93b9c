"""Fever and low temperature at a daily health check.

Sources:
- Fever: axillary temperature ≥ 37.3 °C. 《托儿所幼儿园卫生保健工作规范》 (卫生部 2012) asks the
  morning check to find fever; Chinese paediatric convention (《诸福棠实用儿科学》 8th ed.) grades
  axillary fever as low 37.3–38.0 °C, moderate 38.1–39.0 °C, high 39.1–41.0 °C, which gives the
  severity here (mild / moderate / severe).
- Low temperature: hypothermia is a core temperature below 35.0 °C, the standard clinical
  definition at any age (e.g. European Resuscitation Council Guidelines 2021, accidental
  hypothermia: mild 32–35 °C). The rule compares the reading as taken (usually axillary, a little
  below core) with that line, so a hit asks for a recheck and the nurse at once rather than
  stating a diagnosis: severity ``moderate``. (WHO's newborn
  bands, *Thermal protection of the newborn*, 1997 — mild 36.0–36.4, moderate 32.0–35.9,
  severe < 32.0 °C — are for neonates, not the centre's children.)

The threshold is an axillary one. Readings at other sites are compared with the same value:
ear and oral readings run higher than axillary, so this errs towards flagging; the site is kept
in the hit's detail so the nurse sees it.
"""

from __future__ import annotations

from decimal import Decimal

from . import RuleHit, threshold_code

FEVER_AXILLARY_C = Decimal("37.3")
LOW_TEMPERATURE_C = Decimal("35.0")
MODERATE_FEVER_FROM_C = Decimal("38.1")
HIGH_FEVER_FROM_C = Decimal("39.1")


def temperature_rule(
    temperature_c: Decimal,
    site: str,
    *,
    fever_from_c: Decimal = FEVER_AXILLARY_C,
    low_below_c: Decimal = LOW_TEMPERATURE_C,
) -> RuleHit | None:
    """Fever (``temperature_c ≥ fever_from_c``) or low temperature (``< low_below_c``), else None.

    ``temperature_c`` in °C as entered (a ``Decimal``; 38.0 meets a ≥ 38.0 rule exactly).
    Severity of fever: mild below 38.1, moderate 38.1–39.0, severe from 39.1 °C.
    """
    detail: dict[str, object] = {"temperature_c": str(temperature_c), "site": site}
    if temperature_c >= fever_from_c:
        if temperature_c >= HIGH_FEVER_FROM_C:
            severity = "severe"
        elif temperature_c >= MODERATE_FEVER_FROM_C:
            severity = "moderate"
        else:
            severity = "mild"
        detail["threshold_c"] = str(fever_from_c)
        return RuleHit(f"fever_axillary_{threshold_code(fever_from_c)}", "fever", severity, detail)
    if temperature_c < low_below_c:
        detail["threshold_c"] = str(low_below_c)
        return RuleHit(
            f"low_temperature_{threshold_code(low_below_c)}", "low_temperature", "moderate", detail
        )
    return None
