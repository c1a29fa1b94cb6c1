"""The English translation: complete, compiled, and reachable through the language switch.

Source strings are Swedish; English lives in locale/en/LC_MESSAGES/django.po and the compiled
django.mo beside it (committed, because a fresh machine may lack gettext). After adding strings:

    python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=node_modules --no-obsolete
    (translate the new entries)
    python manage.py compilemessages -l en --ignore=.venv
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# %(name)s, %s, %d (and the other printf conversions gettext strings use), and {name} for
# str.format strings. "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifeEgGrx]|%[-#0 +]*\d*(?:\.\d+)?[sdifeEgGrx]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a singular entry's msgstr
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == ""


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a quoted PO string: {text!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small PO parser: enough for the files makemessages writes (no msgctxt used here)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None  # which field continuation lines add to

    def finish():
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):  # obsolete entry: not part of the catalogue
            continue
        if line.startswith("#"):
            if current is not None and current.msgid and target is not None and target[0] == "msgstr":
                finish()  # comments start the next entry
            if line.startswith("#,"):
                current = current or Entry(line=number)
                current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("msgctxt "):
            if current is not None and target is not None and target[0] == "msgstr":
                finish()
            current = current or Entry(line=number)
            current.msgctxt = _unquote(line[len("msgctxt "):])
            target = ("msgctxt", None)
            continue
        if line.startswith("msgid_plural "):
            current.msgid_plural = _unquote(line[len("msgid_plural "):])
            target = ("msgid_plural", None)
        elif line.startswith("msgid "):
            if current is not None and target is not None and target[0] == "msgstr":
                finish()
            current = current or Entry()
            current.line = number
            current.msgid = _unquote(line[len("msgid "):])
            target = ("msgid", None)
        elif line.startswith("msgstr["):
            index = int(line[len("msgstr["):line.index("]")])
            current.msgstr[index] = _unquote(line[line.index("]") + 1:])
            target = ("msgstr", index)
        elif line.startswith("msgstr "):
            current.msgstr[0] = _unquote(line[len("msgstr "):])
            target = ("msgstr", 0)
        elif line.startswith('"'):
            kind, index = target
            if kind == "msgctxt":
                current.msgctxt += _unquote(line)
            elif kind == "msgid":
                current.msgid += _unquote(line)
            elif kind == "msgid_plural":
                current.msgid_plural += _unquote(line)
            else:
                current.msgstr[index] += _unquote(line)
        else:
            raise AssertionError(f"{path.name}:{number}: unexpected line {raw!r}")
    finish()
    return entries


def _entries() -> list[Entry]:
    return [e for e in parse_po(PO_PATH) if not e.is_header]


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def test_the_catalogue_exists_and_is_substantial():
    assert PO_PATH.exists(), "run makemessages -l en"
    assert MO_PATH.exists(), "run compilemessages -l en"
    assert len(_entries()) > 500


def test_every_entry_is_translated_and_not_fuzzy():
    header = next(e for e in parse_po(PO_PATH) if e.is_header)
    assert "fuzzy" not in header.flags, "the header is marked fuzzy: remove the flag"
    untranslated, fuzzy = [], []
    for entry in _entries():
        forms = [0, 1] if entry.msgid_plural is not None else [0]
        if any(not entry.msgstr.get(i, "").strip() for i in forms):
            untranslated.append(f"line {entry.line}: {entry.msgid!r}")
        if "fuzzy" in entry.flags:
            fuzzy.append(f"line {entry.line}: {entry.msgid!r}")
    assert not untranslated, f"{len(untranslated)} untranslated entries:\n" + "\n".join(untranslated[:50])
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries:\n" + "\n".join(fuzzy[:50])


_GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
_NOT_SOURCE = {".venv", "var", "node_modules", "tests", "migrations", ".git", "locale", "static"}


def _python_msgids() -> dict[str, str]:
    """Every literal text the Python code translates, read with ``ast``: f-strings included, where
    makemessages (xgettext) does not look, so a text used only there would lose its English."""
    import ast

    found: dict[str, str] = {}
    root = Path(settings.BASE_DIR)
    for path in root.rglob("*.py"):
        if _NOT_SOURCE & set(path.relative_to(root).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in _GETTEXT_NAMES:
                continue
            texts = node.args[1:3] if name.startswith("pgettext") else node.args[:2] if name.startswith("n") else node.args[:1]
            for arg in texts:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    found.setdefault(arg.value, f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_every_text_the_python_code_translates_is_in_the_catalogue():
    catalogue = {e.msgid for e in _entries()} | {e.msgid_plural for e in _entries() if e.msgid_plural}
    used = _python_msgids()
    assert len(used) > 500  # the walk found the code
    missing = {text: where for text, where in used.items() if text not in catalogue}
    assert not missing, f"translated in Python but not in django.po (run makemessages; gettext outside f-strings): {missing}"


def test_placeholders_are_kept():
    wrong = []
    for entry in _entries():
        sources = {0: entry.msgid} if entry.msgid_plural is None else {0: entry.msgid, 1: entry.msgid_plural}
        for index, translated in entry.msgstr.items():
            source = sources.get(index, entry.msgid_plural or entry.msgid)
            if _placeholders(source) != _placeholders(translated):
                wrong.append(f"line {entry.line}: {source!r} -> {translated!r}")
            # Leading/trailing spaces matter for fragments that are joined with other text.
            if source[:1].isspace() != translated[:1].isspace() or source[-1:].isspace() != translated[-1:].isspace():
                wrong.append(f"line {entry.line} (spacing): {source!r} -> {translated!r}")
    assert not wrong, "\n".join(wrong)


def test_the_compiled_catalogue_matches_the_po_file():
    """Every entry of the .po comes out of gettext in English: the .mo is not older than the .po."""
    stale = []
    with translation.override("en"):
        for entry in _entries():
            if entry.msgctxt is not None:
                got, want = translation.pgettext(entry.msgctxt, entry.msgid), entry.msgstr[0]
                if got != want:
                    stale.append(f"{entry.msgctxt}|{entry.msgid!r}: got {got!r}, .po says {want!r}")
            elif entry.msgid_plural is None:
                got, want = translation.gettext(entry.msgid), entry.msgstr[0]
                if got != want:
                    stale.append(f"{entry.msgid!r}: got {got!r}, .po says {want!r}")
            else:
                for n, index in ((1, 0), (2, 1)):
                    got = translation.ngettext(entry.msgid, entry.msgid_plural, n)
                    if got != entry.msgstr[index]:
                        stale.append(f"{entry.msgid!r} (n={n}): got {got!r}, .po says {entry.msgstr[index]!r}")
    assert not stale, "recompile with compilemessages -l en:\n" + "\n".join(stale[:30])


@pytest.mark.parametrize(
    ("swedish", "english"),
    [
        ("Logga in", "Log in"),  # templates/account/login.html
        ("Huvudmannens ansvar", "The organiser's responsibility"),  # commitments/success.py
        ("Säkerställa delaktighet", "Ensuring participation"),
        ("Uthållighet", "Persistence"),
        ("Nätverksträff", "Network meeting"),  # commitments/models.py, networks/selectors.py
        ("Kartläggningar", "Mappings"),  # reviews/apps.py
        ("Lägesrapport", "Progress report"),  # reports/services.py
        ("Nämnd (politiker)", "Board (politicians)"),  # municipalities/models.py
        ("Mått och statistik", "Indicators and statistics"),  # indicators/apps.py
        ("Operativa mål", "Operative goals"),  # commitments/forms.py
    ],
)
def test_sample_strings_from_different_apps_come_out_in_english(swedish, english):
    with translation.override("en"):
        assert translation.gettext(swedish) == english
    with translation.override("sv"):
        assert translation.gettext(swedish) == swedish


def test_plural_forms_in_english():
    with translation.override("en"):
        one = translation.ngettext("%(n)s åtagande", "%(n)s åtaganden", 1) % {"n": 1}
        many = translation.ngettext("%(n)s åtagande", "%(n)s åtaganden", 3) % {"n": 3}
    assert (one, many) == ("1 commitment", "3 commitments")


def _switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_login_page_is_swedish_by_default_and_english_after_the_switch(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="sv">' in page
    assert "Logga in med din e-postadress" in page

    _switch_to_english(client)
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Log in with your email address" in page
    assert "Logga in med din e-postadress" not in page
    assert "Skip to content" in page


@pytest.mark.django_db
def test_a_browser_in_english_does_not_switch_the_language(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="sv">' in page


def test_signed_in_municipality_page_in_english(world, client_for):
    client = client_for("namnd")
    _switch_to_english(client)
    response = client.get(f"/k/{world.a.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert response.headers["Content-Language"] == "en"
    for english in ("The four levels", "Overview", "Members per level", "Log out"):
        assert english in page, english
    for swedish in ("De fyra nivåerna", "Översikt", "Logga ut"):
        assert swedish not in page, swedish


def test_switching_back_to_swedish(world, client_for):
    client = client_for("namnd")
    _switch_to_english(client)
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    page = client.get(f"/k/{world.a.slug}/").content.decode()
    assert '<html lang="sv">' in page
    assert "De fyra nivåerna" in page


def test_group_warnings_are_in_one_language():
    from django.utils import translation

    from networks.grouping import Person, describe

    groups = [[Person(key=1, level="larare", municipality="Ale"), Person(key=2, level="larare", municipality="Ale")]]
    with translation.override("en"):
        text = " ".join(describe(groups))
    assert "lacks a politician" in text and "two people from Ale" in text
    assert "politiker" not in text and "två" not in text
