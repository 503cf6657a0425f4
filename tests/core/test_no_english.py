"""No English and no raw codes on Vietnamese pages (issue 12 #5).

Every page of the portal (tests/core/pages.py: the URL patterns without arguments and one detail
URL of each kind, on a world with one object of every kind) is rendered in Vietnamese for each
role; its visible text (text nodes, placeholders, titles, labels for assistive technology; not
scripts) is scanned for

- the English msgids of our catalogue that have a Vietnamese translation: a page that shows one
  forgot to translate it (a msgid is looked for by its longest fragment between placeholders);
- known English fragments that come from elsewhere (Django, DRF, django-filter, the admin);
- raw codes: snake_case field codes (``samples_tested``) and ``code=value`` pairs
  (``masks_given=500.00``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.core.pages import every_page
from tests.factories import CommitteeFactory
from tests.hardening.world import build_world
from wards.models import Ward

pytestmark = pytest.mark.django_db

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}

# English that does not come from our catalogue's msgids (or is too short to look for by msgid).
KNOWN_ENGLISH = [
    "Select an option", "---------", "piece", "pieces", "Token", "Not found", "Request was throttled",
    "Page not found", "Forbidden", "Server Error", "Log out", "Log in", "Submit", "Save", "Search",
    "Previous", "Next", "Show all", "Filter", "None", "True", "False", "Unknown", "yes", "no",
]  # fmt: skip
# Django's admin writes these in English in its templates and code (alt texts of its icons):
# not translatable without replacing its templates, so not looked for on the admin's pages.
ADMIN_HARDCODED = {"Search", "True", "False"}
# A few pages of the Django admin, scanned for the administrator ("Auth Token · Token" once).
ADMIN_PAGES = ["/admin/", "/admin/authtoken/tokenproxy/", "/admin/reports/report/", "/admin/wards/ward/"]
# Parts of pages that are not read as text.
SKIP_TAGS = {"script", "style", "template", "noscript"}
SKIP_MARK = "data-no-i18n-scan"
ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
# The code format's example in the checklist form's help text ("e.g. hand_washing").
CODE_EXAMPLES = {"hand_washing"}
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
RAW_PAIR = re.compile(r"\b[a-z][a-z0-9_]*=[^\s,;]+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]|\{\w*\}")
# Msgids whose English is also correct Vietnamese text, or a proper name shown as such.
SAME_IN_BOTH = {"Email", "OK", "CSV", "XLSX", "PDF", "API", "ID", "Token"}


class VisibleText(HTMLParser):
    """The text a person sees or hears: text nodes and a few attributes, outside scripts.

    Text inside ``<code>`` is kept apart (``codes``): a code shown as such on purpose, to be typed
    or copied (the import file's columns, a checklist item's code), is no raw code left by mistake.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.codes: list[str] = []
        self.skipping: list[str] = []
        self.in_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "code":
            self.in_code += 1
        if tag in SKIP_TAGS or SKIP_MARK in names:
            if tag not in {"input", "img", "br", "meta", "link"}:
                self.skipping.append(tag)
            return
        if self.skipping:
            return
        self.parts += [value for name, value in attrs if name in ATTRIBUTES and value]
        if tag == "input" and names.get("type") in {"submit", "button"} and names.get("value"):
            self.parts.append(names["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self.in_code:
            self.in_code -= 1
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            (self.codes if self.in_code else self.parts).append(data.strip())


def visible_text(html: str) -> str:
    """The visible text outside ``<code>`` elements."""
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def translated_msgids() -> list[str]:
    """The singular msgids of our Vietnamese catalogue that have a translation different from them."""
    text = Path(settings.BASE_DIR, "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    found = []
    for block in text.split("\n\n"):
        if "#, fuzzy" in block or "msgctxt" in block:
            continue
        msgid = "".join(_unquote(m) for m in re.findall(r'^(?:msgid |")"(.*)"$', _id_part(block), re.M))
        msgstr = "".join(_unquote(m) for m in re.findall(r'"(.*)"', _str_part(block)))
        if msgid and msgstr and msgstr != msgid and msgid not in SAME_IN_BOTH:
            found.append(msgid)
    return found


def _id_part(block: str) -> str:
    match = re.search(r'^msgid ".*?(?=^msgid_plural|^msgstr)', block, re.M | re.S)
    return match.group(0) if match else ""


def _str_part(block: str) -> str:
    match = re.search(r'^msgstr(?:\[0\])? ".*?(?=^msgstr\[1\]|\Z)', block, re.M | re.S)
    return match.group(0) if match else ""


def needles(msgids: list[str]) -> dict[str, str]:
    """For each msgid, its longest fragment between placeholders, when distinctive enough to look for:
    two words or more and 12 characters or more (shorter English is in KNOWN_ENGLISH)."""
    result = {}
    for msgid in msgids:
        fragment = max((p.strip(" .,:;·-—()") for p in PLACEHOLDER.split(msgid)), key=len)
        if len(fragment) >= 12 and " " in fragment and "\n" not in fragment:
            result[fragment] = msgid
    return result


def english_on(text: str, looked_for: dict[str, str], *, admin: bool = False) -> list[str]:
    found = [f"msgid {msgid!r}" for fragment, msgid in looked_for.items() if fragment in text]
    for fragment in KNOWN_ENGLISH:
        if admin and fragment in ADMIN_HARDCODED:
            continue
        if re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", text):
            found.append(f"English {fragment!r}")
    found += [f"code {code!r}" for code in set(RAW_CODE.findall(text)) - CODE_EXAMPLES]
    found += [f"raw value {pair!r}" for pair in set(RAW_PAIR.findall(text))]
    return found


@pytest.fixture(scope="module")
def looked_for() -> dict[str, str]:
    return needles(translated_msgids())


@pytest.fixture
def world(le_chan):
    return build_world(list(Ward.objects.filter(district=le_chan).order_by("code")[:2]))


def scan(client, paths, looked_for) -> tuple[list[str], int]:
    problems, scanned = [], 0
    for path in paths:
        response = client.get(path, **VI)
        if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
            continue
        scanned += 1
        text = visible_text(response.content.decode())
        found = english_on(text, looked_for, admin=path.startswith("/admin/"))
        problems += [f"{path} [{response.status_code}]: {p}" for p in found]
    return problems, scanned


@pytest.mark.parametrize("role", ["anonymous", "officer", "committee", "admin"])
def test_no_english_or_raw_codes_on_vietnamese_pages(client, world, role, looked_for):
    ward_world = world.wards[0]
    user = {
        "anonymous": None,
        "officer": ward_world.officer,
        "committee": CommitteeFactory(username="committee.no-english") if role == "committee" else None,
        "admin": world.admin,
    }[role]
    if user is not None:
        client.force_login(user)
    paths = every_page(world, ward_world) + ["/no-such-page/", "/reports/999999/"]
    if role == "admin":
        paths += ADMIN_PAGES
    problems, scanned = scan(client, paths, looked_for)
    assert scanned >= (3 if role == "anonymous" else 40)
    assert problems == [], "\n".join(problems)


def test_the_scan_finds_english_and_raw_codes(looked_for):
    """The check can fail: a page with a catalogue msgid, a known fragment and raw codes is reported."""
    html = (
        "<main><h1>Báo cáo</h1><select><option>- Select an option -</option></select>"
        "<p>samples_tested: masks_given=500.00</p><input placeholder='Log out'>"
        "<p>Your daily report for 17/03/2020 was approved.</p>"
        "<script>var not_seen = 'Select an option';</script></main>"
    )
    problems = english_on(visible_text(html), looked_for)
    assert "English 'Select an option'" in problems
    assert "English 'Log out'" in problems
    assert "code 'samples_tested'" in problems and "raw value 'masks_given=500.00'" in problems
    assert any("was approved" in p for p in problems)
    assert "code 'not_seen'" not in problems
    assert english_on(visible_text("<p>Cột <code>ward_code</code></p>"), looked_for) == []
    assert english_on(visible_text("<p>Báo cáo ngày 17/03/2020 đã được duyệt.</p>"), looked_for) == []
