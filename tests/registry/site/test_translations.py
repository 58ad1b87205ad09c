"""The Belarusian and Russian catalogs: complete, not fuzzy, and the committed .mo files match the .po files
(a fresh machine needs no gettext to show translated pages)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
# Single-line, context-free, singular entries: enough to tell a stale .mo from a fresh one.
SIMPLE_ENTRY = re.compile(r'^msgid "(.+)"\nmsgstr "(.*)"$', re.MULTILINE)


@pytest.mark.parametrize("language", ["be", "ru"])
def test_the_catalog_has_no_fuzzy_or_empty_translations(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    assert "fuzzy" not in po
    entries = po.split("\n\n")[1:]  # the first block is the header
    untranslated = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$', e, re.MULTILINE) and '\n"' not in e]
    assert untranslated == []


@pytest.mark.parametrize("language", ["be", "ru"])
def test_the_compiled_catalog_matches_the_source(language):
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    blocks = [b for b in po.split("\n\n") if "msgctxt" not in b and "msgid_plural" not in b]
    pairs = [
        (msgid.replace('\\"', '"'), msgstr.replace('\\"', '"'))
        for block in blocks
        for msgid, msgstr in SIMPLE_ENTRY.findall(block)
    ]
    assert len(pairs) > 100
    with translation.override(language):
        stale = [(msgid, msgstr) for msgid, msgstr in pairs if translation.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages` and commit the .mo files"
