"""Cross-ward isolation: an officer of each ward tries every other ward's objects on every
endpoint (15 × 14 pairs) and never succeeds.

For every pair the officer reads the other ward's objects (API details, their detail-level
actions, pages, exports with ``?ward=`` / ``?holder=`` filters, the stock card), writes to them
(submit, approve, return, acknowledge, edit values, record an inspection, suggest an
establishment update, distribute / adjust / return from the other ward's store, acknowledge
its transfer, reverse its movements, mark its officer's notification read) and lists with the
other ward's id as a filter. Reads must be 403/404, writes 403/404 (400 where the foreign id is
a form or body choice), lists must not contain the other ward's rows, no response may carry the
other ward's marker, and the database must be unchanged after each pair.

The API URLs come from the router's registry, so a detail action added to a registered
viewset is tried automatically; a new resource fails :func:`test_every_api_resource_is_classified`
until it is listed here as ward-owned (with its objects) or shared.

Positive controls (each officer reads their own objects, and the same write bodies succeed on
the own ward's objects) show the requests would work if the scoping were missing.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from config.api_router import router
from inspections.choices import Result
from supplies.choices import RecipientType
from tests.hardening.world import DAILY_VALUES, WardWorld, World, snapshot

pytestmark = pytest.mark.django_db

DENIED = {403, 404}
DENIED_OR_INVALID = {400, 403, 404}

# Router basenames whose objects belong to a ward → the objects of a WardWorld to try.
# (A notification belongs to one user, here the ward's officer: tried like the ward's objects.)
WARD_OWNED = {
    "ward": lambda w: [w.ward],
    "report": lambda w: [w.draft, w.submitted, w.urgent],
    "establishment": lambda w: [w.establishment],
    "inspection-schedule": lambda w: [w.schedule],
    "inspection": lambda w: [w.inspection],
    "stock": lambda w: [w.balance],
    "stock-movement": lambda w: [w.receipt, w.distribution],
    "stock-transfer": lambda w: [w.transfer, w.return_transfer],
    "notification": lambda w: [w.notification],
    "assignment": lambda w: [w.replied, w.open],
    "ward-level": lambda w: [w.ward],  # a ward's epidemic level and history, keyed by the ward's id
}
# Router basenames that are district-wide reference data or committee-only (no ward's objects).
SHARED = {
    "indicator", "report-deadline", "summary", "inspection-team", "risk-interval", "checklist-item", "supply-item",
    "audit-log", "directive", "directive-task", "level-criteria", "morning-brief-settings",
    # Rounds are district-wide; their sites are ward-owned and tried through the round's actions below.
    "disinfection-round",
}  # fmt: skip


def test_every_api_resource_is_classified():
    """A resource added to the router must be listed above, so its objects get tried below."""
    basenames = {basename for _prefix, _viewset, basename in router.registry}
    unknown = basenames - set(WARD_OWNED) - SHARED
    assert not unknown, f"classify these API resources in tests/hardening/test_cross_ward.py: {sorted(unknown)}"
    assert not (set(WARD_OWNED) | SHARED) - basenames, "a resource listed here is no longer registered"


# ---- helpers --------------------------------------------------------------------------------


def _api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _result_ids(response) -> set:
    """Ids of the rows of a JSON list response (paginated or not)."""
    try:
        data = json.loads(_body(response))
    except ValueError:
        return set()
    rows = data.get("results", data) if isinstance(data, dict) else data
    return {row.get("id") for row in rows if isinstance(row, dict)} if isinstance(rows, list) else set()


def _write_body(world: World, w: WardWorld, obj) -> dict:
    """A body every detail action accepts on the own ward's object (see the positive control)."""
    return {
        "version": getattr(obj, "version", None) or 1,
        "comment": "cross-ward",
        "field_comments": {},
        "reason": "cross-ward",
        "note": "cross-ward",
        "changes": {"name": "cross-ward"},
        "quantity_received": getattr(obj, "quantity_sent", None) or 1,
        "values": {"home_quarantine": 99},
        "situation": "cross-ward",
        "reply": "cross-ward",
    }


def _api_detail_requests(world: World, w: WardWorld):
    """(method, url, body) for every detail URL and detail action of ``w``'s objects, from the router."""
    for _prefix, viewset, basename in router.registry:
        if basename not in WARD_OWNED:
            continue
        lookup = getattr(viewset, "lookup_field", "pk") or "pk"
        for obj in WARD_OWNED[basename](w):
            key = getattr(obj, lookup)
            detail = reverse(f"api:{basename}-detail", args=[key])
            yield "GET", detail, None
            body = _write_body(world, w, obj)
            if hasattr(viewset, "partial_update"):
                yield "PATCH", detail, body
            if hasattr(viewset, "update"):
                yield "PUT", detail, body
            if hasattr(viewset, "destroy"):
                yield "DELETE", detail, None
            for action in viewset.get_extra_actions():
                if not action.detail:
                    continue
                url = reverse(f"api:{basename}-{action.url_name}", args=[key])
                for method in action.mapping:
                    yield method.upper(), url, (None if method == "get" else body)


def _api_create_requests(world: World, w: WardWorld):
    """Creates whose body names ``w``'s objects (a foreign id as a choice: 400 is acceptable)."""
    now = timezone.now().isoformat()
    masks = world.masks.pk
    record = {"inspected_at": now, "members_present": [], "answers": {}, "result": Result.COMPLIANT}
    return [
        ("/api/v1/reports/", {"ward": w.ward.pk, "kind": "daily", "period_start": str(world.today), "values": DAILY_VALUES}),
        ("/api/v1/reports/", {"ward": w.ward.pk, "kind": "urgent", "title": "x", "severity": "info",
                              "occurred_at": now, "location": "x", "description": "x"}),
        ("/api/v1/inspections/", {"schedule": w.schedule.pk, **record}),
        ("/api/v1/inspections/", {"team": world.team.pk, "establishment": w.establishment.pk, **record}),
        ("/api/v1/inspection-schedules/", {"team": world.team.pk, "establishment": w.establishment.pk,
                                           "date": str(world.today + datetime.timedelta(days=3))}),
        ("/api/v1/stock-movements/", {"kind": "distribution", "item": masks, "holder": w.holder.pk, "quantity": 1,
                                      "recipient_type": RecipientType.RESIDENTIAL_GROUP, "recipient": "x",
                                      "people_reached": 1}),
        ("/api/v1/stock-movements/", {"kind": "adjustment", "item": masks, "holder": w.holder.pk, "quantity": -1,
                                      "reason": "x"}),
        ("/api/v1/stock-movements/", {"kind": "return", "item": masks, "holder": w.holder.pk, "quantity": 1,
                                      "reason": "x"}),
        ("/api/v1/stock-movements/", {"kind": "transfer_receipt", "transfer": w.transfer.pk, "quantity_received": 50}),
        ("/api/v1/stock-movements/", {"kind": "receipt", "item": masks, "holder": w.holder.pk, "quantity": 1,
                                      "source": "x"}),
        *_disinfection_mark_request(world, w),
    ]  # fmt: skip


def _disinfection_mark_body(world: World, w: WardWorld) -> dict:
    """Marking ``w``'s site of the world's disinfection round done (issue 15)."""
    assert w.disinfection is not None
    return {"site": w.disinfection.pk, "done_on": str(world.today), "done_by": "x", "product": "x", "quantity": "1"}


def _disinfection_mark_request(world: World, w: WardWorld) -> list[tuple[str, dict]]:
    if world.disinfection_round is None:
        return []
    return [(f"/api/v1/disinfection-rounds/{world.disinfection_round.pk}/mark/", _disinfection_mark_body(world, w))]


def _api_list_requests(world: World, w: WardWorld):
    """(url, params, basename) lists filtered by ``w``'s ids: no row of ``w`` may come back."""
    return [
        ("/api/v1/reports/", {"ward": w.ward.pk}, "report"),
        ("/api/v1/reports/", {"ward": w.ward.pk, "kind": "urgent"}, "report"),
        ("/api/v1/establishments/", {"ward": w.ward.code}, "establishment"),
        ("/api/v1/inspections/", {"ward": w.ward.code}, "inspection"),
        ("/api/v1/inspections/", {"establishment": w.establishment.pk}, "inspection"),
        ("/api/v1/inspection-schedules/", {"ward": w.ward.code}, "inspection-schedule"),
        ("/api/v1/inspection-schedules/", {"establishment": w.establishment.pk}, "inspection-schedule"),
        ("/api/v1/stock/", {"holder": w.holder.pk}, "stock"),
        ("/api/v1/stock-movements/", {"holder": w.holder.pk}, "stock-movement"),
        ("/api/v1/stock-transfers/", {"status": "in_transit"}, "stock-transfer"),
        ("/api/v1/wards/", {"code": w.ward.code}, "ward"),
        ("/api/v1/assignments/", {"ward": w.ward.code}, "assignment"),
        (f"/api/v1/inspection-teams/{world.team.pk}/calendar/",
         {"start": str(world.today), "days": 7}, "inspection-schedule"),
        ("/api/v1/summaries/series/", {"indicator": "home_quarantine", "ward": w.ward.pk}, None),
        *(
            [(f"/api/v1/disinfection-rounds/{world.disinfection_round.pk}/sites/", {"ward": w.ward.pk}, None),
             (f"/api/v1/disinfection-rounds/{world.disinfection_round.pk}/", {}, None)]
            if world.disinfection_round is not None else []
        ),
    ]  # fmt: skip


def _page_read_urls(world: World, w: WardWorld) -> list[str]:
    urls = [
        *(f"/reports/{r.pk}/" for r in w.reports),
        f"/reports/{w.draft.pk}/edit/",
        f"/reports/calendar/?ward={w.ward.pk}",
        f"/inspections/establishments/{w.establishment.pk}/",
        f"/inspections/establishments/{w.establishment.pk}/edit/",
        f"/inspections/establishments/{w.establishment.pk}/suggest/",
        f"/inspections/record/{w.schedule.pk}/",
        f"/inspections/record/new/?establishment={w.establishment.pk}",
        f"/inspections/{w.inspection.pk}/",
        f"/supplies/items/{world.masks.pk}/card/?holder={w.holder.pk}",
        f"/supplies/movements/{w.receipt.pk}/",
        f"/supplies/movements/{w.distribution.pk}/",
        f"/supplies/transfers/{w.transfer.pk}/acknowledge/",
        f"/wards/{w.ward.pk}/",
        f"/wards/{w.ward.pk}/edit/",
        f"/wards/{w.ward.pk}/plan/",
        f"/directives/assignments/{w.replied.pk}/",
        f"/directives/assignments/{w.open.pk}/",
    ]
    if world.disinfection_round is not None and w.disinfection is not None:
        urls += [f"/inspections/disinfection/{world.disinfection_round.pk}/sites/{w.disinfection.pk}/mark/"]
    if world.summary is not None:
        s = world.summary.pk
        urls += [f"/dashboard/summaries/{s}/?ward={w.ward.pk}"]
        # The ward is checked before the format is looked at: one export format stands for all three.
        urls += [f"/dashboard/summaries/{s}/export.csv?ward={w.ward.pk}"]
    return urls


def _page_list_urls(world: World, w: WardWorld) -> list[str]:
    """Lists and exports filtered by ``w``: 200 (own rows only) or 400, never ``w``'s marker."""
    return [
        f"/reports/?ward={w.ward.pk}",
        f"/inspections/establishments/?ward={w.ward.code}",
        f"/inspections/records/?ward={w.ward.code}&establishment={w.establishment.pk}",
        f"/inspections/due/?ward={w.ward.code}",
        f"/supplies/ledger/?holder={w.holder.pk}",
        f"/supplies/ledger.csv?holder={w.holder.pk}",
        f"/supplies/stock/?holder={w.holder.pk}",
        f"/supplies/stock.csv?holder={w.holder.pk}",
        f"/supplies/distribute/?holder={w.holder.pk}",
        f"/directives/assignments.csv?ward={w.ward.code}",
        f"/directives/assignments.csv?task={w.open.task_id}",
        *(
            [f"/inspections/disinfection/{world.disinfection_round.pk}/?ward={w.ward.pk}"]
            if world.disinfection_round is not None else []
        ),
    ]  # fmt: skip


def _page_writes(world: World, w: WardWorld) -> list[tuple[str, dict, set[int]]]:
    """(url, form data, accepted statuses). The URL names ``w``'s object → 403/404; a foreign
    holder posted as a form choice → 400 is acceptable too; a form that only ever touches the
    caller's own rows → its redirect (the unchanged snapshot is the check)."""
    masks = world.masks.pk
    values = dict.fromkeys(DAILY_VALUES, "7")
    record = {
        "inspected_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "result": Result.COMPLIANT, "action": "none",
        "findings": "x", "team": world.team.pk, "establishment": w.establishment.pk,
    }  # fmt: skip
    suggestion = {"name": "x", "address": "x", "category": w.establishment.category, "status": "operating", "note": "x"}
    return [
        (f"/reports/{w.draft.pk}/edit/", {"version": w.draft.version, "action": "submit", "situation": "x", **values},
         DENIED),
        (f"/reports/{w.draft.pk}/submit/", {"version": w.draft.version}, DENIED),
        (f"/reports/{w.submitted.pk}/approve/", {"version": w.submitted.version, "comment": "x"}, DENIED),
        (f"/reports/{w.submitted.pk}/return/", {"version": w.submitted.version, "comment": "x"}, DENIED),
        (f"/reports/{w.urgent.pk}/acknowledge/", {}, DENIED),
        (f"/inspections/establishments/{w.establishment.pk}/suggest/", suggestion, DENIED),
        (f"/inspections/establishments/{w.establishment.pk}/edit/", suggestion, DENIED),
        (f"/inspections/record/{w.schedule.pk}/", record, DENIED),
        ("/inspections/record/new/", record, DENIED_OR_INVALID),
        (f"/inspections/schedules/{w.schedule.pk}/cancel/", {"reason": "x"}, DENIED),
        (f"/supplies/movements/{w.receipt.pk}/reverse/", {"reason": "x"}, DENIED),
        (f"/supplies/transfers/{w.transfer.pk}/acknowledge/", {"quantity_received": 50, "note": ""}, DENIED),
        ("/supplies/distribute/", {"holder": w.holder.pk, "item": masks, "quantity": 1, "people_reached": 1,
                                   "recipient_type": RecipientType.RESIDENTIAL_GROUP, "recipient": "x"},
         DENIED_OR_INVALID),
        ("/supplies/adjust/", {"holder": w.holder.pk, "item": masks, "quantity": -1, "reason": "x"},
         DENIED_OR_INVALID),
        ("/supplies/return/", {"holder": w.holder.pk, "item": masks, "quantity": 1, "note": "x"}, DENIED_OR_INVALID),
        (f"/wards/{w.ward.pk}/edit/", {"head_name": "x", "phone": "0", "plan_reference": "x"}, DENIED),
        # The page marks only the caller's own notifications: another's id is ignored (the snapshot
        # shows it stays unread) and the page redirects back to the list.
        ("/reports/notifications/read/", {"id": w.notification.pk}, {302}),
        (f"/directives/assignments/{w.open.pk}/", {"action": "reply", "reply": "x"}, DENIED),
        (f"/directives/assignments/{w.replied.pk}/", {"action": "accept", "comment": "x"}, DENIED),
        *(
            [(f"/inspections/disinfection/{world.disinfection_round.pk}/sites/{w.disinfection.pk}/mark/",
              {"done_on": world.today.strftime("%d/%m/%Y"), "done_by": "x", "product": "x", "quantity": "1"}, DENIED)]
            if world.disinfection_round is not None and w.disinfection is not None else []
        ),
    ]  # fmt: skip


def _refresh(world: World) -> None:
    for w in world.wards:
        for obj in (*w.reports, w.transfer):
            obj.refresh_from_db()


# ---- the matrix -----------------------------------------------------------------------------


def test_officer_reads_only_own_ward_objects_on_the_api(world):
    """Positive control: every officer reads each of their own ward's objects (200, marker shown)."""
    for w in world.wards:
        api = _api_client(w.officer)
        for _prefix, viewset, basename in router.registry:
            if basename not in WARD_OWNED:
                continue
            lookup = getattr(viewset, "lookup_field", "pk") or "pk"
            for obj in WARD_OWNED[basename](w):
                response = api.get(reverse(f"api:{basename}-detail", args=[getattr(obj, lookup)]))
                assert response.status_code == 200, (w.officer.username, basename, obj.pk, response.status_code)
        assert w.marker in _body(api.get(f"/api/v1/reports/{w.draft.pk}/"))
        assert w.marker in _body(api.get(f"/api/v1/establishments/{w.establishment.pk}/"))
        for url, params, basename in _api_list_requests(world, w):
            if basename is None:
                continue
            response = api.get(url, params)
            assert response.status_code == 200, (w.officer.username, url, params, response.status_code)
            own = {o.pk for o in WARD_OWNED[basename](w)}
            assert own & _result_ids(response), (w.officer.username, url, params, "own rows missing")


def test_officer_never_reaches_another_wards_objects_on_the_api(world):
    _refresh(world)
    failures: list[str] = []
    for me in world.wards:
        api = _api_client(me.officer)
        for other in world.others(me):
            before = snapshot()
            foreign_ids = {basename: {o.pk for o in get(other)} for basename, get in WARD_OWNED.items()}
            for method, url, body in _api_detail_requests(world, other):
                response = (
                    getattr(api, method.lower())(url, body, format="json")
                    if body
                    else getattr(api, method.lower())(url)
                )
                if response.status_code not in DENIED or other.marker in _body(response):
                    failures.append(f"{me.officer.username} {method} {url} → {response.status_code}")
            for url, body in _api_create_requests(world, other):
                response = api.post(url, body, format="json")
                if response.status_code not in DENIED_OR_INVALID or other.marker in _body(response):
                    failures.append(f"{me.officer.username} POST {url} {body} → {response.status_code}")
            for url, params, basename in _api_list_requests(world, other):
                response = api.get(url, params)
                leaked = other.marker in _body(response)
                if basename and response.status_code == 200:
                    leaked = leaked or bool(_result_ids(response) & foreign_ids[basename])
                if response.status_code not in {200, *DENIED_OR_INVALID} or leaked:
                    failures.append(
                        f"{me.officer.username} GET {url} {params} → {response.status_code} leaked={leaked}"
                    )
            if snapshot() != before:
                failures.append(f"{me.officer.username} changed the database with requests on {other.ward.code}")
                before = snapshot()
    assert not failures, f"{len(failures)} cross-ward API requests succeeded:\n" + "\n".join(failures[:60])


def test_officer_never_reaches_another_wards_objects_on_the_pages(world):
    assert world.summary is not None, f"the district summary could not be compiled: {world.summary_error}"
    _refresh(world)
    failures: list[str] = []
    for me in world.wards:
        client = _page_client(me.officer)
        for other in world.others(me):
            before = snapshot()
            for url in _page_read_urls(world, other):
                response = client.get(url)
                if response.status_code not in DENIED or other.marker in _body(response):
                    failures.append(f"{me.officer.username} GET {url} → {response.status_code}")
            for url in _page_list_urls(world, other):
                response = client.get(url)
                if response.status_code not in {200, 400} or other.marker in _body(response):
                    failures.append(f"{me.officer.username} GET {url} → {response.status_code} (list)")
            for url, data, accepted in _page_writes(world, other):
                response = client.post(url, data)
                if response.status_code not in accepted or other.marker in _body(response):
                    failures.append(f"{me.officer.username} POST {url} → {response.status_code}")
            if snapshot() != before:
                failures.append(f"{me.officer.username} changed the database with page requests on {other.ward.code}")
    assert not failures, f"{len(failures)} cross-ward page requests succeeded:\n" + "\n".join(failures[:60])


def test_unfiltered_lists_and_exports_show_no_other_wards_rows(world):
    """Every list page, export and API list an officer opens carries only their own ward's markers."""
    pages = [
        "/", "/reports/", "/reports/urgent/", "/reports/calendar/", "/inspections/", "/inspections/establishments/",
        "/inspections/records/", "/inspections/due/", "/inspections/calendar/", "/supplies/stock/", "/supplies/ledger/",
        "/supplies/ledger.csv", "/supplies/stock.csv", "/supplies/transfers/", "/supplies/distributions/",
        "/wards/", "/dashboard/summaries/", "/reports/notifications/",
        "/directives/", "/directives/inbox/", "/directives/overdue/", "/directives/assignments.csv",
    ]  # fmt: skip
    if world.summary is not None:
        pages += [f"/dashboard/summaries/{world.summary.pk}/", f"/dashboard/summaries/{world.summary.pk}/export.csv"]
    if world.disinfection_round is not None:
        pages += ["/inspections/disinfection/", f"/inspections/disinfection/{world.disinfection_round.pk}/"]
    api_lists = ["/api/v1/" + prefix + "/" for prefix, _v, basename in router.registry if basename in WARD_OWNED]
    failures = []
    for me in world.wards:
        client, api = _page_client(me.officer), _api_client(me.officer)
        foreign = [w.marker for w in world.others(me)]
        for url in pages:
            response = client.get(url)
            text = _body(response)
            leaked = [m for m in foreign if m in text]
            expected = (200, 403)
            if url.startswith("/dashboard/summaries/") and url != "/dashboard/summaries/":
                expected = (200,) if world.has_summary_line(me) else (404,)  # no line of one's own: nothing
            if response.status_code not in expected or leaked:
                failures.append(f"{me.officer.username} GET {url} → {response.status_code} leaked {leaked}")
        for url in api_lists:
            response = api.get(url, {"page_size": 500})
            text = _body(response)
            leaked = [m for m in foreign if m in text]
            if response.status_code != 200 or leaked:
                failures.append(f"{me.officer.username} GET {url} → {response.status_code} leaked {leaked}")
    assert not failures, "\n".join(failures[:60])


def test_the_same_writes_succeed_on_the_own_ward(world):
    """Positive control: the write bodies above are valid, so the refusals come from the scoping.

    An officer of the first ward sends the API actions and page posts an officer may do to
    their own objects; each succeeds (2xx, or a redirect after a page form).
    """
    _refresh(world)
    me = world.wards[0]
    api, client = _api_client(me.officer), _page_client(me.officer)
    before = snapshot()
    ok = [
        api.post(f"/api/v1/reports/{me.draft.pk}/submit/", _write_body(world, me, me.draft), format="json"),
        api.post(f"/api/v1/establishments/{me.establishment.pk}/suggest-update/",
                 _write_body(world, me, me.establishment), format="json"),
        api.post(f"/api/v1/stock-transfers/{me.transfer.pk}/acknowledge/", _write_body(world, me, me.transfer),
                 format="json"),
        api.post(f"/api/v1/notifications/{me.notification.pk}/read/", _write_body(world, me, me.notification),
                 format="json"),
        *(api.post(url, body, format="json") for url, body in _api_create_requests(world, me)
          if body.get("kind") in ("distribution", "adjustment", "return", "daily")),
        *(api.post(url, body, format="json") for url, body in _disinfection_mark_request(world, me)),
    ]  # fmt: skip
    for response in ok:
        assert 200 <= response.status_code < 300, (response.request["PATH_INFO"], response.status_code, _body(response))
    writes = {url: data for url, data, _accepted in _page_writes(world, me)}
    for url in (f"/inspections/establishments/{me.establishment.pk}/suggest/", "/supplies/distribute/",
                "/supplies/adjust/", "/supplies/return/"):  # fmt: skip
        response = client.post(url, writes[url])
        assert response.status_code == 302, (url, response.status_code)
    assert snapshot() != before


def test_an_officer_whose_ward_has_no_line_in_a_summary_gets_404_for_it_and_its_exports(world):
    """A ward added after the period: its officer must not fall back to the district's figures."""
    assert world.summary is not None and world.late is not None
    me = world.late
    client = _page_client(me.officer)
    base = f"/dashboard/summaries/{world.summary.pk}/"
    for url in (base, f"{base}?ward={me.ward.pk}", *(f"{base}export.{fmt}" for fmt in ("pdf", "xlsx", "csv")),
                f"{base}export.pdf?ward={me.ward.pk}"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert not any(w.marker in _body(response) for w in world.others(me))
    # The committee asking for that ward's line of the same summary is refused too (no district fallback).
    committee = _page_client(world.admin)
    assert committee.get(f"{base}?ward={me.ward.pk}").status_code == 404
    assert committee.get(f"{base}export.pdf?ward={me.ward.pk}").status_code == 404
