"""Care-note alert titles stored in the raiser's language become English msgids again.

Before this release ``services/care_rules.py`` stored ``gettext(...)`` of its titles, so an alert
raised from a zh-hans page kept "连续 2 餐拒食" / "可能有传染性的病假" and showed Chinese on English
pages. The two rules are known by ``rule``; their rows get the msgid (and ``title_params`` for the
meal streak, from the rule name ``refused_<n>_meals_in_row``), which :meth:`Alert.headline`
translates per viewer. Migration models have no django-simple-history hooks: this correction
writes no history rows (the title is display text, not clinical data). Reversing keeps the msgids.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

MEALS_TITLE = "Refused %(n)s meals in a row"
ABSENCE_TITLE = "Sickness absence that may be infectious"
MEALS_RULE = re.compile(r"^refused_(\d+)_meals_in_row$")


def titles_to_msgids(apps: Any, schema_editor: Any) -> None:
    Alert = apps.get_model("health_records", "Alert")
    for alert in Alert.objects.filter(kind="care_note").iterator():
        match = MEALS_RULE.match(alert.rule)
        detail = alert.detail if isinstance(alert.detail, dict) else {}
        if match and (alert.title != MEALS_TITLE or "title_params" not in detail):
            alert.title = MEALS_TITLE
            alert.detail = {**detail, "title_params": {"n": int(match.group(1))}}
            alert.save(update_fields=["title", "detail"])
        elif alert.rule == "sickness_absence_infectious" and alert.title != ABSENCE_TITLE:
            alert.title = ABSENCE_TITLE
            alert.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("health_records", "0007_child_growth_revision"),
    ]

    operations = [
        migrations.RunPython(titles_to_msgids, migrations.RunPython.noop),
    ]
