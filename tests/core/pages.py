"""Every page of the portal, for the checks that render them all (content type, no English left on a
Vietnamese page): the URL patterns that take no argument, walked from the root URLconf, plus one
detail URL of each kind, built on tests/hardening/world.py's world (one object of every kind)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from inspections.models import ChecklistItem
from tests.hardening.world import WardWorld, World

# Not pages: the API (JSON), POST-only actions, the language switch, the health check, media files.
SKIP_PREFIXES = ("api/", "i18n/", "healthz/", "media/", "^media/")
SKIP_NAMES = {"logout", "reports:notifications-read", "summary:compile"}


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        else:
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), pattern


def no_argument_paths(*, admin: bool = False) -> list[str]:
    """The path of every URL pattern without an argument (the Django admin's only if ``admin``)."""
    paths = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or name in SKIP_NAMES:
            continue
        if route.startswith("admin/") and not admin:
            continue
        if pattern.pattern.regex.groups or "<" in route:
            continue
        raw = route.lstrip("^").rstrip("$")
        if any(c in raw for c in "()[]?*+\\"):
            continue
        paths.append("/" + raw)
    return sorted(set(paths))


def detail_paths(world: World, ward_world: WardWorld) -> list[str]:
    """One URL of each kind that takes an object, for objects of ``ward_world`` (and the district's)."""
    w = ward_world
    est = w.establishment
    paths = [
        reverse("wards:detail", args=[w.ward.pk]),
        reverse("wards:edit", args=[w.ward.pk]),
        reverse("wards:plan", args=[w.ward.pk]),
        reverse("reports:detail", args=[w.submitted.pk]),
        reverse("reports:detail", args=[w.draft.pk]),
        reverse("reports:edit", args=[w.draft.pk]),
        reverse("reports:edit", args=[w.urgent.pk]),
        reverse("reports:detail", args=[w.urgent.pk]),
        reverse("inspections:establishment_detail", args=[est.pk]),
        reverse("inspections:establishment_edit", args=[est.pk]),
        reverse("inspections:establishment_suggest", args=[est.pk]),
        reverse("inspections:team_detail", args=[world.team.pk]),
        reverse("inspections:team_edit", args=[world.team.pk]),
        reverse("inspections:record", args=[w.schedule.pk]),
        reverse("inspections:inspection_detail", args=[w.inspection.pk]),
        f"{reverse('inspections:record_new')}?establishment={est.pk}&team={world.team.pk}",
        reverse("supplies:card", args=[world.masks.pk]),
        reverse("supplies:movement", args=[w.distribution.pk]),
        reverse("supplies:movement", args=[w.receipt.pk]),
        reverse("supplies:movement", args=[w.transfer.sent_movement_id]),
        reverse("supplies:acknowledge", args=[w.transfer.pk]),
        reverse("supplies:acknowledge", args=[w.return_transfer.pk]),
        reverse("audit:object_history", args=["inspections", "establishment", est.pk]),
        reverse("audit:object_history", args=["reports", "report", w.submitted.pk]),
        reverse("audit:object_history", args=["wards", "ward", w.ward.pk]),
        f"{reverse('reports:calendar')}?ward={w.ward.pk}",
        f"{reverse('reports:list')}?ward={w.ward.pk}&kind=daily",
        reverse("directives:detail", args=[w.replied.task.directive_id]),
        reverse("directives:assignment", args=[w.replied.pk]),
        reverse("directives:assignment", args=[w.open.pk]),
    ]
    item = ChecklistItem.objects.order_by("pk").first()
    if item is not None:
        paths.append(reverse("inspections:checklist_item_edit", args=[item.pk]))
    if world.summary is not None:
        paths.append(reverse("summary:detail", args=[world.summary.pk]))
    if world.disinfection_round is not None and w.disinfection is not None:  # issue 15
        paths.append(reverse("inspections:disinfection_detail", args=[world.disinfection_round.pk]))
        paths.append(reverse("inspections:disinfection_mark", args=[world.disinfection_round.pk, w.disinfection.pk]))
    return paths


def every_page(world: World, ward_world: WardWorld, *, admin: bool = False) -> list[str]:
    return no_argument_paths(admin=admin) + detail_paths(world, ward_world)
