"""The Chinese catalogue: complete, and the committed .mo is compiled from the committed .po."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "health_records/locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_message_has_a_chinese_translation():
    """No untranslated or fuzzy entry: the UI is fully in Simplified Chinese."""
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()] == []


def test_committed_mo_matches_po():
    """Each translated entry of the .po reads back identically from the committed .mo
    (run `python scripts/compile_messages.py` after editing the .po)."""
    po = polib.pofile(str(PO))
    with PO.with_suffix(".mo").open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert mo.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert mo.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert mo.gettext(entry.msgid) == entry.msgstr
