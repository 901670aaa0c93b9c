"""Compile every ``health_records/locale/*/LC_MESSAGES/django.po`` to ``.mo`` with polib.

The compiled catalogues are committed, so a fresh machine needs no gettext tools to run medcare.
``tests/test_i18n.py`` checks that the committed ``.mo`` matches its ``.po``.
Usage: ``python scripts/compile_messages.py``.
"""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    for po_path in sorted(ROOT.glob("health_records/locale/*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(
            f"{po_path.relative_to(ROOT)}: {len(po.translated_entries())} translated, "
            f"{len(po.untranslated_entries())} untranslated, {len(po.fuzzy_entries())} fuzzy"
        )


if __name__ == "__main__":
    main()
