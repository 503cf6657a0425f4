"""The browser crawl: visit every page a role reaches from the navigation, and one detail page of each kind.

Each page is checked as a user meets it: it answers 200, fits the window (no horizontal scroll), logs no
console error or Content-Security-Policy violation, loads every asset, and axe-core finds no serious or
critical accessibility violation. ``tests/browser/test_crawl.py`` runs it for each role at a phone and a
laptop size; it takes a Playwright page and returns the problems found, one line each.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ASSETS = Path(__file__).resolve().parent / "assets"
AXE = ASSETS / "axe.min.js"  # axe-core, vendored from the npm registry (assets/README.md)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots" / "crawl"
SHOT_HEIGHT = 4000  # px

# One detail page of each kind: the first link matching the pattern on the pages crawled before.
DETAIL_KINDS = {
    "report": r"^/reports/\d+/$",
    "report-edit": r"^/reports/\d+/edit/$",
    "summary": r"^/dashboard/summaries/\d+/$",
    "establishment": r"^/inspections/establishments/\d+/$",
    "establishment-edit": r"^/inspections/establishments/\d+/edit/$",
    "team": r"^/inspections/teams/\d+/$",
    "inspection": r"^/inspections/\d+/$",
    "inspection-record": r"^/inspections/record/\d+/$",
    "ward": r"^/wards/\d+/$",
    "ward-edit": r"^/wards/\d+/edit/$",
    "movement": r"^/supplies/movements/\d+/$",
    "stock-card": r"^/supplies/items/\d+/card/",
    "audit-object": r"^/audit/[\w-]+/[\w-]+/[^/]+/$",
    "directive": r"^/directives/\d+/$",
    "assignment": r"^/directives/assignments/\d+/$",
    "levels": r"^/dashboard/levels/$",
    "level-criteria": r"^/dashboard/levels/criteria/$",
    "disinfection-round": r"^/inspections/disinfection/\d+/$",
    "disinfection-mark": r"^/inspections/disinfection/\d+/sites/\d+/mark/$",
}
# Detail kinds found on one page only: an urgent report is a report reached from the urgent list.
DETAIL_FROM = {"urgent-report": ("/reports/urgent/", r"^/reports/\d+/$")}
# Links that are not pages: downloads, and the Django admin beyond its index (its own templates).
SKIP = re.compile(r"\.(csv|xlsx|pdf)(\?|$)|/export\.|/plan/|^/admin/.+|^/i18n/|^/accounts/logout/")

# In every document, before its scripts: record CSP violations (they are console errors too, but
# a report-only policy would not be).
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | '));
}"""


@dataclass
class Crawl:
    """One role at one window size: the pages visited and the problems found."""

    name: str
    one_line_menu: int | None = None  # px: the header's height when its menu is one line (laptop sizes)
    visited: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # the detail kinds found and visited
    problems: list[str] = field(default_factory=list)
    links: dict[str, list[str]] = field(default_factory=dict)  # page → same-site links on it
    _events: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        """Collect console errors, page errors and failed requests while the crawl runs."""
        page.on("console", lambda m: self._events.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self._events.append(f"page error: {e}"))
        page.on(
            "requestfailed",
            # ERR_ABORTED: a request the browser dropped because the crawl moved to the next page.
            lambda r: (
                self._events.append(f"request failed: {r.url} {r.failure}")
                if "ERR_ABORTED" not in (r.failure or "")
                else None
            ),
        )
        page.on(
            "response",
            lambda r: (
                self._events.append(f"asset {r.status}: {r.url}")
                if r.status >= 400 and r.request.resource_type != "document"
                else None
            ),
        )

    def visit(self, page, path: str, *, shot: str | None = None) -> None:
        """Open ``path`` and check it; problems are recorded, not raised, so one run lists them all."""
        self._events.clear()
        response = page.goto(path, wait_until="load")
        self.visited.append(path)
        where = f"[{self.name}] {path}"
        if response is None or response.status != 200:
            self.problems.append(f"{where}: status {response.status if response else None}")
        # Parts filled in after load (the dashboard's chart) mark themselves with data-loading.
        page.wait_for_selector("[data-loading]", state="detached")
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            self.problems.append(f"{where}: horizontal scroll ({width[0]} px in {width[1]} px)")
        if self.one_line_menu:
            height, brand_cut = page.evaluate(
                """() => { const nav = document.querySelector('nav.navbar'), brand = document.querySelector('.navbar-brand');
                  return nav && brand ? [nav.getBoundingClientRect().height, brand.scrollWidth > brand.clientWidth]
                                      : [0, false]; }"""
            )
            if height > self.one_line_menu:
                self.problems.append(f"{where}: the menu takes {height} px (more than one line)")
            if brand_cut:
                self.problems.append(f"{where}: the portal's name is cut short in the menu")
        for violation in page.evaluate("window.__cspViolations || []"):
            self.problems.append(f"{where}: CSP violation {violation}")
        for violation in page.evaluate(AXE_RUN):
            self.problems.append(f"{where}: axe {violation}")
        self.problems.extend(f"{where}: {event}" for event in self._events)
        self.links[path] = [
            href
            for href in page.eval_on_selector_all(
                "main a[href], nav a[href]", "els => els.map(e => e.getAttribute('href'))"
            )
            if href.startswith("/")
        ]
        if shot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            # The whole page, down to SHOT_HEIGHT: a long list's first screens are what a person looks at.
            height = min(page.evaluate("document.documentElement.scrollHeight"), SHOT_HEIGHT)
            width = page.viewport_size["width"] if page.viewport_size else 360
            clip = {"x": 0, "y": 0, "width": width, "height": height}
            page.screenshot(path=str(SCREENSHOTS / f"{self.name}-{shot}.png"), full_page=True, clip=clip)


def nav_paths(page) -> list[str]:
    """The pages the main navigation links to, in menu order, without repeats."""
    hrefs = page.eval_on_selector_all(
        "nav[aria-label] a[href], #mainNav a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    paths: list[str] = []
    for href in hrefs:
        if not href.startswith("/") or SKIP.search(href) or href in paths:
            continue
        paths.append(href)
    return paths


def slug(path: str) -> str:
    parts = urlsplit(path)
    text = (parts.path.strip("/") or "home") + (f"-{parts.query}" if parts.query else "")
    return re.sub(r"[^\w-]+", "-", text)[:80]


def crawl(page, name: str, *, one_line_menu: int | None = None, follow_menu: bool = True) -> Crawl:
    """Crawl from the home page of a logged-in ``page``: every navigation page, then one detail of each kind."""
    run = Crawl(name, one_line_menu=one_line_menu)
    run.watch(page)
    run.visit(page, "/", shot="home")
    if not follow_menu:
        return run
    for path in nav_paths(page):
        if path != "/":
            run.visit(page, path, shot=slug(path))
    found: dict[str, str] = {}
    for source, links in list(run.links.items()):
        for href in links:
            if SKIP.search(href):
                continue
            for kind, pattern in DETAIL_KINDS.items():
                if kind not in found and re.match(pattern, urlsplit(href).path):
                    found[kind] = href
            for kind, (page_path, pattern) in DETAIL_FROM.items():
                if kind not in found and source == page_path and re.match(pattern, href):
                    found[kind] = href
    for kind, href in sorted(found.items()):
        if href not in run.visited:
            run.visit(page, href, shot=f"detail-{kind}")
    run.details = sorted(found)
    return run
