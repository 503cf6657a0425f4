"""The import rule of docs/architecture.md, checked over the source of every module.

Each module's AST is walked: ``import x``, ``from x import y`` (relative ones resolved), at any
level (inside functions and ``if TYPE_CHECKING`` blocks too), and ``import_module("x")`` /
``__import__("x")`` calls with a literal name. Each import is judged by the rooms of the
importing and the imported module:

1. ``core`` imports no domain app;
2. ``wards`` imports only ``core``;
3. the other domain apps import ``core``, ``wards`` and their own package, not each other;
4. ``reports.summary`` may import ``reports`` and the other domain apps' ``selectors`` (and ``hooks``, to register on them);
5. nothing imports ``reports.summary`` except ``config``.

Libraries and the standard library are never judged. ``config`` wires the rooms and may import
any of them; tests, benchmarks and scripts are not rooms.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DOMAIN_APPS = ("wards", "reports", "inspections", "supplies", "audit", "directives")
ROOMS = ("config", "core", *DOMAIN_APPS)
SUMMARY = "reports.summary"

# Modules one room publishes to the others, beyond the rule. Each with its reason; keep it short.
PUBLISHED = {
    # The audited bulk writes (``bulk_create``/``bulk_update`` with one audit entry per row) are how
    # any service writing audited rows in bulk keeps the audit trail whole. The module imports no
    # project module (checked below), so it adds no edge between domain rooms.
    "audit.bulk": DOMAIN_APPS,
}


@dataclass(frozen=True)
class Import:
    importer: str  # dotted name of the importing module
    target: str  # dotted name of what it imports (module, or module.attribute)
    line: int


def room_of(name: str) -> str | None:
    """The room of a dotted name, or None for the standard library and third-party libraries."""
    if name == SUMMARY or name.startswith(SUMMARY + "."):
        return SUMMARY
    top = name.split(".", 1)[0]
    return top if top in ROOMS else None


def _within(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


def imports_in(module: str, source: str, *, is_package: bool = False) -> list[Import]:
    """Every import of ``module`` (its source given), at any depth of the tree."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            # ``from reports.summary import selectors`` imports ``reports.summary.selectors``.
            found += [Import(module, f"{base}.{alias.name}", node.lineno) for alias in node.names]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.append(Import(module, first.value, node.lineno))
    return found


def breaks_rule(imp: Import) -> str | None:
    """Why ``imp`` breaks the rule, or None when it is allowed."""
    source, target = room_of(imp.importer), room_of(imp.target)
    if source is None or target is None or source == target or source == "config":
        return None
    if target == SUMMARY:
        return "nothing but config imports reports.summary"
    if target == "config":
        return "config wires the rooms; no room imports it"
    for module, importers in PUBLISHED.items():
        if _within(imp.target, module) and source in importers:
            return None
    if source == "core":
        return "core imports no domain app"
    if target == "core":
        return None
    if source == "wards":
        return "wards imports only core"
    if target == "wards":
        return None
    if source == SUMMARY:
        if target == "reports" or any(_within(imp.target, f"{target}.{m}") for m in ("selectors", "hooks")):
            return None
        return "reports.summary reads other domain apps only through their selectors (and registers on their hooks)"
    return f"{source} may not import {target}: domain apps import core and wards, not each other"


def project_modules() -> list[tuple[str, Path]]:
    """(dotted name, path) of every Python module of the rooms."""
    modules = []
    for room in ROOMS:
        folder = ROOT / room
        for path in sorted(folder.rglob("*.py")) if folder.is_dir() else ():
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules.append((name, path))
    return modules


def violations(modules: list[tuple[str, Path]]) -> list[str]:
    found = []
    for name, path in modules:
        for imp in imports_in(name, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py"):
            if reason := breaks_rule(imp):
                found.append(f"{path.relative_to(ROOT)}:{imp.line}: {imp.target} ({reason})")
    return found


def test_every_module_follows_the_import_rule():
    assert violations(project_modules()) == []


def test_the_walk_sees_the_rooms_and_their_imports():
    """The check is not vacuous: it reads the apps and finds the summary's reads of selectors."""
    modules = dict(project_modules())
    assert {"core.health", "wards.access", "reports.services", "reports.summary.services", "audit.bulk"} <= set(modules)
    summary_imports = {
        imp.target for imp in imports_in("reports.summary.services", modules["reports.summary.services"].read_text())
    }
    assert "inspections.selectors.inspection_totals" in summary_imports


def test_the_published_modules_import_no_project_module():
    """A module published across rooms must not carry its own room's imports along."""
    for module in PUBLISHED:
        path = ROOT / (module.replace(".", "/") + ".py")
        assert [imp.target for imp in imports_in(module, path.read_text()) if room_of(imp.target)] == []


# The checker itself: each rule catches a module that breaks it.


def _judge(importer: str, source: str) -> list[str | None]:
    return [breaks_rule(imp) for imp in imports_in(importer, source)]


@pytest.mark.parametrize(
    ("importer", "source"),
    [
        ("core.exports", "from inspections import selectors"),
        ("core.exports", "import wards.models"),
        ("core.exports", "def f():\n    from supplies.models import Item\n"),
        ("core.exports", "from importlib import import_module\nimport_module('reports.selectors')"),
        ("core.exports", "import importlib\nimportlib.import_module('audit.views')"),
        ("wards.views", "from reports.models import Report"),
        ("reports.services", "from inspections.selectors import inspection_totals"),
        ("reports.services", "from reports.summary.services import summary_report_changed"),
        ("reports.services", "def f():\n    from reports.summary import services\n"),
        ("inspections.views", "from reports.summary.cache import bump_generation"),
        ("audit.views", "from config.settings import DEBUG"),
        ("reports.summary.services", "from inspections.models import Inspection"),
        ("reports.summary.services", "from supplies import services"),
        ("directives.services", "from reports.models import Report"),
    ],
)
def test_checker_catches_a_forbidden_import(importer, source):
    assert any(_judge(importer, source))


@pytest.mark.parametrize(
    ("importer", "source"),
    [
        ("core.exports", "from django.http import HttpResponse\nimport openpyxl"),
        ("core.exports", "from core.pagination import PortalPagination"),
        ("wards.views", "from core.permissions import AdminRequiredMixin"),
        ("reports.services", "from wards.access import require_admin\nfrom core.queueing import enqueue_on_commit"),
        ("reports.services", "from audit.bulk import audited_bulk_create"),
        ("reports.summary.services", "from inspections.selectors import inspection_totals"),
        ("reports.summary.services", "from supplies import selectors"),
        ("reports.summary.services", "from reports.models import Report\nfrom . import cache"),
        ("config.urls", "from reports.summary import views"),
    ],
)
def test_checker_allows_what_the_rule_allows(importer, source):
    assert not any(_judge(importer, source))


def test_relative_imports_are_resolved_against_the_package():
    assert [i.target for i in imports_in("reports.summary.services", "from . import cache")] == [
        "reports.summary.cache"
    ]
    assert [i.target for i in imports_in("reports.summary", "from .models import X", is_package=True)] == [
        "reports.summary.models.X"
    ]
    assert [i.target for i in imports_in("reports.summary.api.views", "from ..models import X")] == [
        "reports.summary.models.X"
    ]
