"""Writes and workflow of reports: the single place where every transition happens.

Pages, the API, admin actions, tasks and the demo call these functions, so a rule is
written once. Each runs in a transaction, locks the report row it changes, raises
``ValidationError`` (field → message) or ``PermissionDenied`` with translated messages,
and queues Celery work with ``transaction.on_commit``.
"""

import copy
import datetime
import logging
import statistics
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.bulk import audited_bulk_create, audited_bulk_update
from core.queueing import enqueue_on_commit
from core.service_errors import with_details
from reports.choices import (
    PERIODIC_KINDS,
    REVIEW_STATUSES,
    ChangeAction,
    NotificationKind,
    ReportKind,
    ReportStatus,
    ReviewDecision,
    Severity,
)
from reports.hooks import report_changed
from reports.models import (
    EmailSent,
    Indicator,
    Notification,
    Report,
    ReportChange,
    ReportReview,
    ReportValue,
    format_value,
)
from reports.periods import deadline_of, period_bounds, periods_due_near
from reports.selectors import deadline_rule, deadline_rules, indicators_for_kind, missing_wards, recent_values
from wards.access import require_report_reviewer, require_report_writer
from wards.choices import Role
from wards.models import User, Ward, WardCommittee
from wards.selectors import leader_accounts_for_wards

logger = logging.getLogger(__name__)

NARRATIVE_FIELDS = ("situation", "difficulties", "proposals")
URGENT_FIELDS = ("title", "severity", "occurred_at", "location", "description")
MAX_TEXT = 10_000

# Outlier rule: more than OUTLIER_THRESHOLD robust deviations from the median of the ward's
# last OUTLIER_WINDOW values, once at least OUTLIER_MIN_HISTORY values exist.
OUTLIER_WINDOW = 14
OUTLIER_MIN_HISTORY = 5
OUTLIER_THRESHOLD = Decimal(3)
MAD_SCALE = Decimal("1.4826")
FLAG_FIELDS = ["is_outlier", "baseline_median", "baseline_count"]


class StaleReportError(ValidationError):
    """The report changed since the client read it (its version moved on). The API answers 409."""


def stale_error() -> StaleReportError:
    """The error for a report that changed since the client read it (for the pages' own checks)."""
    return _stale()


def _stale() -> StaleReportError:
    return StaleReportError(
        {
            "version": _(
                "This report was changed by someone else since you opened it. "
                "Reload it to see the changes, then apply yours again."
            )
        },
        code="stale",
    )


# ---- values ---------------------------------------------------------------------------------


def _parse_number(raw: Any, indicator: Indicator) -> Decimal:
    """Turn user input into a Decimal or raise ValidationError (text, NaN, too many decimals)."""
    if isinstance(raw, bool):
        raise ValidationError(_("Enter a number."), code="invalid")
    text = str(raw).strip()
    if not indicator.is_integer:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number."), code="invalid") from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."), code="invalid")
    if indicator.is_integer and number != number.to_integral_value():
        raise ValidationError(_("Enter a whole number."), code="integer")
    exponent = number.as_tuple().exponent  # an int: the number is finite
    if isinstance(exponent, int) and exponent < -2 and number != number.quantize(Decimal("0.01")):
        raise ValidationError(_("Use at most two decimal places."), code="decimal_places")
    if number < indicator.min_value:
        if indicator.min_value == 0:
            raise ValidationError(_("The value must not be negative."), code="negative")
        raise ValidationError(
            _("The value must be at least %(min)s.") % {"min": format_value(indicator.min_value)}, code="min"
        )
    if indicator.max_value is not None and number > indicator.max_value:
        raise ValidationError(
            _("The value must not exceed %(max)s.") % {"max": format_value(indicator.max_value)}, code="max"
        )
    return number.quantize(Decimal("0.01"))


def values_clean(*, kind: str, values: dict, current: dict[str, Decimal] | None = None) -> dict[str, Decimal | None]:
    """Check submitted values against the catalogue; return {code: Decimal or None (not reported)}.

    ``values`` maps indicator codes to numbers, numeric strings, or None/"" to clear.
    ``current`` holds the report's stored values, so the cross-indicator rules see the
    result of a partial update. Raises ValidationError keyed by indicator code.
    """
    return _values_clean(kind=kind, values=values, current=current)[0]


def _values_clean(
    *, kind: str, values: dict, current: dict[str, Decimal] | None = None, indicators: list[Indicator] | None = None
) -> tuple[dict[str, Decimal | None], dict[str, Indicator]]:
    """``values_clean`` and the catalogue it read ({code: indicator}), for writing the rows.

    ``indicators``: ``indicators_for_kind(kind)`` when the caller (a page's form) has read it already."""
    if not isinstance(values, dict):
        raise ValidationError({"values": _("Values must be an object keyed by indicator code.")})
    catalogue = {i.code: i for i in (indicators if indicators is not None else indicators_for_kind(kind))}
    errors: dict[str, list] = {}
    cleaned: dict[str, Decimal | None] = {}
    for code, raw in values.items():
        indicator = catalogue.get(code)
        if indicator is None:
            errors[str(code)] = [_("This indicator is not part of this report.")]
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            cleaned[code] = None
            continue
        try:
            cleaned[code] = _parse_number(raw, indicator)
        except ValidationError as exc:
            errors[code] = exc.messages
    merged: dict[str, Decimal | None] = dict(current or {})
    merged.update(cleaned)
    for code, indicator in catalogue.items():
        bound = indicator.must_not_exceed
        if bound is None or code in errors or bound.code in errors:
            continue
        mine, other = merged.get(code), merged.get(bound.code)
        if mine is not None and other is not None and mine > other:
            errors[code] = [
                _("%(name)s (%(value)s) must not exceed %(other)s (%(other_value)s).")
                % {
                    "name": indicator.name,
                    "value": format_value(mine),
                    "other": bound.name,
                    "other_value": format_value(other),
                }
            ]
    if errors:
        raise ValidationError(errors)
    return cleaned, catalogue


def outlier_check(value: Decimal, history: list[Decimal]) -> bool:
    """True when ``value`` lies more than 3 robust deviations from the median of ``history``.

    The robust deviation is 1.4826 × MAD (median absolute deviation). When MAD is 0 (most
    recent values equal), the mean absolute deviation × 1.2533 stands in, and when that is 0
    too (all equal), a tenth of the median. It is never taken below one unit, since figures
    are counts: a ward that usually reports 0 is flagged for 4 but not for 1 to 3. Fewer
    than 5 values: no flag.
    """
    if len(history) < OUTLIER_MIN_HISTORY:
        return False
    median = Decimal(statistics.median(history))
    deviations = [abs(v - median) for v in history]
    scale = MAD_SCALE * Decimal(statistics.median(deviations))
    if scale == 0:
        scale = Decimal("1.2533") * (sum(deviations, Decimal(0)) / len(deviations))
    if scale == 0:
        scale = abs(median) / 10
    scale = max(scale, Decimal(1))
    return abs(value - median) > OUTLIER_THRESHOLD * scale


def _history(report: Report, indicator_ids: Iterable[int]) -> dict[int, list[Decimal]]:
    """The ward's recent sent values per indicator before the report's period (one query)."""
    return recent_values(
        ward_id=report.ward_id,
        kind=report.kind,
        before=cast(datetime.date, report.period_start),  # a periodic report has a period
        indicator_ids=indicator_ids,
        limit=OUTLIER_WINDOW,
    )


def _judge(rows: Iterable[ReportValue], history: dict[int, list[Decimal]]) -> list[ReportValue]:
    """Set each row's flag and baseline from ``history``; return the rows whose flag or baseline changed."""
    changed = []
    for row in rows:
        past = history.get(row.indicator_id, [])
        flag = outlier_check(row.value, past)
        median = Decimal(statistics.median(past)).quantize(Decimal("0.01")) if past else None
        if (row.is_outlier, row.baseline_median, row.baseline_count) != (flag, median, len(past)):
            row.is_outlier, row.baseline_median, row.baseline_count = flag, median, len(past)
            changed.append(row)
    return changed


def _flag_outliers(report: Report) -> None:
    """Mark the report's values that are far from the ward's own recent history (on submission:
    the history may have grown since the values were written)."""
    if report.kind == ReportKind.URGENT:
        return
    rows = list(report.values.select_related("indicator"))
    if not rows:
        return
    changed = _judge(rows, _history(report, [r.indicator_id for r in rows]))
    if changed:
        audited_bulk_update(ReportValue, changed, FLAG_FIELDS)


def _stored_rows(report: Report) -> dict[str, ReportValue]:
    """The report's value rows by indicator code, with their indicator (one query)."""
    return {row.indicator.code: row for row in report.values.select_related("indicator")}


def _write_values(
    report: Report,
    cleaned: dict[str, Decimal | None],
    stored: dict[str, ReportValue],
    indicators: dict[str, Indicator],
    *,
    judge_all: bool = False,
) -> list[tuple]:
    """Upsert/delete value rows; return [(code, old, new)] for what changed.

    ``stored`` holds the report's rows (``_stored_rows``) and is kept up to date; ``indicators`` is
    the catalogue ``_values_clean`` read ({code: indicator}): new rows get the indicator objects,
    not ids, since each row's audit entry names it (``str(row)``): no query per row.

    Each written row is judged against the ward's history as it is written (one query for all),
    not read back and updated afterwards; with ``judge_all`` (on submission) the untouched rows
    too, their new flags written in the same update.
    """
    current = {code: row.value for code, row in stored.items()}
    changes = [(code, current.get(code), new) for code, new in cleaned.items() if current.get(code) != new]
    if not changes and not judge_all:
        return []
    to_delete = [code for code, _old, new in changes if new is None]
    to_update = {code: new for code, old, new in changes if new is not None and old is not None}
    to_create = [
        ReportValue(report=report, indicator=indicators[code], value=new)
        for code, old, new in changes
        if new is not None and old is None
    ]
    if to_delete:
        report.values.filter(indicator_id__in=[stored.pop(code).indicator_id for code in to_delete]).delete()
    judged = list(stored.values()) if judge_all else [stored[code] for code in to_update]
    if not judged and not to_create:
        return changes
    history = _history(report, [*(row.indicator_id for row in judged), *(row.indicator_id for row in to_create)])
    before = {row.pk: copy.copy(row) for row in judged}
    for code, new in to_update.items():
        stored[code].value = new
    rows = set(_judge(judged, history)) | {stored[code] for code in to_update}
    if rows:
        audited_bulk_update(ReportValue, list(rows), ["value", *FLAG_FIELDS], before=before)
    if to_create:
        _judge(to_create, history)
        audited_bulk_create(ReportValue, to_create)
        stored.update({row.indicator.code: row for row in to_create})
    return changes


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, Decimal):
        return str(format_value(value))
    return str(value)


# ---- fields ---------------------------------------------------------------------------------


def _clean_fields(kind: str, fields: dict) -> dict:
    """Check the narrative and urgent fields a caller may set; return the cleaned ones."""
    allowed = URGENT_FIELDS if kind == ReportKind.URGENT else NARRATIVE_FIELDS
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}
    for name, value in fields.items():
        if name not in allowed:
            errors[name] = [_("This field does not belong to this kind of report.")]
            continue
        if name == "occurred_at":
            if value is not None and not isinstance(value, datetime.datetime):
                errors[name] = [_("Enter a valid date and time.")]
            elif value is not None and value > timezone.now() + datetime.timedelta(minutes=5):
                errors[name] = [_("The time must not be in the future.")]
            else:
                cleaned[name] = value
            continue
        text = "" if value is None else str(value).strip()
        if name == "severity" and text and text not in Severity.values:
            errors[name] = [_("Choose a valid severity.")]
        elif name == "title" and len(text) > 200:
            errors[name] = [_("Keep the title under 200 characters.")]
        elif name == "location" and len(text) > 255:
            errors[name] = [_("Keep the place under 255 characters.")]
        elif len(text) > MAX_TEXT:
            errors[name] = [_("The text is too long.")]
        else:
            cleaned[name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("ward").get(pk=report.pk)


def _check_version(report: Report, version: int | str | None) -> None:
    if version is not None and int(version) != report.version:
        raise _stale()


def _log(report: Report, user: User, action: str, rows: Iterable[tuple] | None = None) -> None:
    """Append history rows: (field, old, new); a workflow step alone has no field."""
    rows = rows or [("", None, None)]
    ReportChange.objects.bulk_create(
        [
            ReportChange(report=report, user=user, action=action, field=f, old_value=_text(o), new_value=_text(n))
            for f, o, n in rows
        ]
    )


# ---- workflow -------------------------------------------------------------------------------


def _period_taken(*, ward: Ward, kind: str, period_start: datetime.date) -> ValidationError | None:
    """The error for a second report of the ward, kind and period, or None while the period is free.

    The error names the report that holds the period (``existing_report``: id, version, status) for
    the API: a client that queued a report offline opens that one instead of sending a duplicate."""
    existing = (
        Report.objects.filter(ward=ward, kind=kind, period_start=period_start).values("pk", "version", "status").first()
    )
    if existing is None:
        return None
    error = ValidationError({"period_start": _("This ward already has a report of this kind for this period.")})
    report = {"id": existing["pk"], "version": existing["version"], "status": existing["status"]}
    return with_details(error, existing_report=report)


def _check_period_free(*, ward: Ward, kind: str, period_start: datetime.date) -> None:
    """Refuse a second report for the same ward, kind and period (the database holds it too)."""
    error = _period_taken(ward=ward, kind=kind, period_start=period_start)
    if error is not None:
        raise error


@transaction.atomic
def report_create(
    *,
    user: User,
    ward: Ward,
    kind: str,
    period_start: datetime.date | None = None,
    values: dict | None = None,
    indicators: list[Indicator] | None = None,
    **fields: Any,
) -> Report:
    """Create a draft report of ``ward``. Periodic kinds need a period that has begun.

    ``indicators``: the kind's catalogue, when the caller has read it already (``indicators_for_kind``)."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose a valid kind of report.")})
    require_report_writer(user, ward)
    period_end = None
    if kind in PERIODIC_KINDS:
        if period_start is None:
            raise ValidationError({"period_start": _("Choose the period of the report.")})
        if period_bounds(kind, period_start)[0] != period_start:
            messages: dict[str, str] = {
                ReportKind.WEEKLY: _("A weekly report's period starts on a Monday."),
                ReportKind.MONTHLY: _("A monthly report's period starts on the 1st of the month."),
            }
            raise ValidationError({"period_start": messages[kind]})
        if period_start > timezone.localdate():
            raise ValidationError({"period_start": _("The period must not be in the future.")})
        period_end = period_bounds(kind, period_start)[1]
        if not (ward.active_from <= period_end and (ward.active_until is None or ward.active_until >= period_start)):
            raise ValidationError({"period_start": _("The ward does not report for this period.")})
    elif period_start is not None:
        raise ValidationError({"period_start": _("Urgent reports have no period.")})
    cleaned_fields = _clean_fields(kind, fields)
    cleaned_values, catalogue = (
        _values_clean(kind=kind, values=values or {}, indicators=indicators) if kind != ReportKind.URGENT else ({}, {})
    )
    if values and kind == ReportKind.URGENT:
        raise ValidationError({"values": _("Urgent reports carry no indicator values.")})
    if kind in PERIODIC_KINDS:
        _check_period_free(ward=ward, kind=kind, period_start=cast(datetime.date, period_start))  # checked above
    try:
        with transaction.atomic():
            report = Report.objects.create(
                ward=ward,
                kind=kind,
                period_start=period_start,
                period_end=period_end,
                created_by=user,
                **cleaned_fields,
            )
    except IntegrityError:
        # Another request created the same ward/kind/period between the check and the insert.
        error = _period_taken(ward=ward, kind=kind, period_start=period_start) if period_start else None
        raise error or ValidationError(
            {"period_start": _("This ward already has a report of this kind for this period.")}
        ) from None
    _write_values(report, cleaned_values, {}, catalogue)  # flags the values it writes
    _log(report, user, ChangeAction.CREATE)
    return report


@transaction.atomic
def report_update(
    *,
    report: Report,
    user: User,
    version: int,
    values: dict | None = None,
    indicators: list[Indicator] | None = None,
    **fields: Any,
) -> Report:
    """Change a report's values or text. ``version`` is the one the editor read (stale → error).

    After submission every changed field is written to the history; editing an approved
    report sends it back for review. ``indicators``: the kind's catalogue, when the caller has
    read it already (``indicators_for_kind``), to save reading it again.
    """
    report = _lock(report)
    require_report_writer(user, report.ward_id)
    _check_version(report, version)
    if not _apply_changes(report=report, user=user, values=values, fields=fields, indicators=indicators):
        return report
    report.version += 1
    report.save()
    report_changed(report=report)
    return report


def _apply_changes(
    *,
    report: Report,
    user: User,
    values: dict | None,
    fields: dict,
    indicators: list[Indicator] | None = None,
    stored: dict[str, ReportValue] | None = None,
    judge_all: bool = False,
) -> bool:
    """Check and write the changes to a locked report (values now, fields on the instance, history
    rows once sent); the caller saves the report. Returns whether anything changed.

    ``stored`` (filled in when given) receives the report's value rows as written."""
    if not report.is_editable:
        raise ValidationError(_("An acknowledged urgent report can no longer be changed."))
    cleaned_fields = _clean_fields(report.kind, fields)
    if values and report.kind == ReportKind.URGENT:
        raise ValidationError({"values": _("Urgent reports carry no indicator values.")})
    if stored is None:
        stored = {}
    stored.update(_stored_rows(report) if report.kind != ReportKind.URGENT else {})
    current = {code: row.value for code, row in stored.items()}
    cleaned_values, catalogue = _values_clean(
        kind=report.kind, values=values or {}, current=current, indicators=indicators
    )
    field_changes = [(n, getattr(report, n), v) for n, v in cleaned_fields.items() if getattr(report, n) != v]
    value_changes = _write_values(report, cleaned_values, stored, catalogue, judge_all=judge_all)
    if not field_changes and not value_changes:
        return False
    for name, _old, new in field_changes:
        setattr(report, name, new)
    if report.status != ReportStatus.DRAFT:
        _log(report, user, ChangeAction.EDIT, field_changes + value_changes)
        if report.status == ReportStatus.APPROVED:
            report.status = ReportStatus.RESUBMITTED
            _log(report, user, ChangeAction.RESUBMIT, [("status", ReportStatus.APPROVED, ReportStatus.RESUBMITTED)])
    return True


@transaction.atomic
def report_submit(*, report: Report, user: User, version: int | str | None = None) -> Report:
    """Send a draft (or a returned report, again) to the committee; judge lateness on first send."""
    report = _lock(report)
    require_report_writer(user, report.ward_id)
    _check_version(report, version)
    _submit_locked(report=report, user=user)
    return report


@transaction.atomic
def report_save_and_submit(
    *,
    report: Report,
    user: User,
    version: int | str | None,
    values: dict | None = None,
    indicators: list[Indicator] | None = None,
    **fields: Any,
) -> Report:
    """``report_update`` then ``report_submit`` in one step (the form's "Submit" button): the report
    is locked, checked and saved once, and its values judged once, so sending a day's figures
    costs one round of queries (issue 12)."""
    report = _lock(report)
    require_report_writer(user, report.ward_id)
    _check_version(report, version)
    if not report.can_submit:
        raise ValidationError(_("Only a draft or a returned report can be submitted."))
    stored: dict[str, ReportValue] = {}
    _apply_changes(
        report=report, user=user, values=values, fields=fields, indicators=indicators, stored=stored, judge_all=True
    )
    _submit_locked(report=report, user=user, judged=list(stored.values()))
    return report


def _submit_locked(*, report: Report, user: User, judged: list[ReportValue] | None = None) -> None:
    """Submit a locked report: check it is complete, set its status and lateness, save, flag its values
    (unless ``judged`` holds its rows, flagged just now)."""
    if not report.can_submit:
        raise ValidationError(_("Only a draft or a returned report can be submitted."))
    now = timezone.now()
    rows: list[ReportValue] = []
    if report.kind == ReportKind.URGENT:
        missing = {
            name: [_("This field is required.")]
            for name in ("title", "severity", "occurred_at", "description")
            if not getattr(report, name)
        }
        if missing:
            raise ValidationError(missing)
    elif judged is not None:
        if not judged:
            raise ValidationError({"values": _("Enter at least one indicator value before submitting.")})
    else:
        rows = list(report.values.select_related("indicator"))
        if not rows:
            raise ValidationError({"values": _("Enter at least one indicator value before submitting.")})
    first = report.submitted_at is None
    if first:
        report.submitted_at, report.submitted_by = now, user
        if report.kind in PERIODIC_KINDS:
            report.deadline = deadline_of(deadline_rule(report.kind), cast(datetime.date, report.period_end))
            report.is_late = now > report.deadline
        report.status = ReportStatus.SUBMITTED
    else:
        report.status = ReportStatus.RESUBMITTED
    report.version += 1
    report.save()
    _log(report, user, ChangeAction.SUBMIT if first else ChangeAction.RESUBMIT)
    if rows:
        # The history may have grown since the values were written: judge them all again.
        changed = _judge(rows, _history(report, [r.indicator_id for r in rows]))
        if changed:
            audited_bulk_update(ReportValue, changed, FLAG_FIELDS)
    report_changed(report=report)
    if report.kind == ReportKind.URGENT:
        from reports.tasks import alert_urgent_report  # noqa: PLC0415 - cycle: reports.tasks imports this module

        report_id = report.pk
        enqueue_on_commit(alert_urgent_report, report_id)


@transaction.atomic
def report_approve(*, report: Report, user: User, comment: str = "", version: int | str | None = None) -> Report:
    """The committee accepts a submitted report."""
    require_report_reviewer(user)
    report = _lock(report)
    _check_version(report, version)
    if report.kind == ReportKind.URGENT:
        raise ValidationError(_("Urgent reports are acknowledged, not approved."))
    if report.status not in REVIEW_STATUSES:
        raise ValidationError(_("Only a submitted report can be approved."))
    comment = (comment or "").strip()[:MAX_TEXT]
    report.status, report.approved_at = ReportStatus.APPROVED, timezone.now()
    report.version += 1
    report.save()
    review = ReportReview.objects.create(report=report, decision=ReviewDecision.APPROVED, comment=comment, user=user)
    _log(report, user, ChangeAction.APPROVE, [("", None, comment)])
    review_notice_send(review=review)
    report_changed(report=report)
    return report


@transaction.atomic
def report_return(
    *,
    report: Report,
    user: User,
    comment: str = "",
    field_comments: dict | None = None,
    version: int | str | None = None,
) -> Report:
    """The committee sends a report back to the ward with a comment (and comments per field)."""
    require_report_reviewer(user)
    report = _lock(report)
    _check_version(report, version)
    if report.kind == ReportKind.URGENT:
        raise ValidationError(_("Urgent reports are acknowledged, not returned."))
    if report.status not in REVIEW_STATUSES:
        raise ValidationError(_("Only a submitted report can be returned."))
    if field_comments is not None and not isinstance(field_comments, dict):
        raise ValidationError({"field_comments": _("Comments per field must be an object keyed by field.")})
    allowed = {i.code for i in indicators_for_kind(report.kind)} | set(NARRATIVE_FIELDS)
    cleaned = {}
    for key, text in (field_comments or {}).items():
        text = "" if text is None else str(text).strip()
        if not text:
            continue
        if key not in allowed:
            raise ValidationError({"field_comments": _("Unknown field: %(field)s.") % {"field": key}})
        cleaned[key] = text[:1000]
    comment = (comment or "").strip()[:MAX_TEXT]
    if not comment and not cleaned:
        raise ValidationError({"comment": _("Say what needs to be corrected.")})
    report.status = ReportStatus.RETURNED
    report.version += 1
    report.save()
    review = ReportReview.objects.create(
        report=report, decision=ReviewDecision.RETURNED, comment=comment, field_comments=cleaned, user=user
    )
    _log(report, user, ChangeAction.RETURN, [("", None, comment)] + [(k, None, v) for k, v in cleaned.items()])
    review_notice_send(review=review)
    report_changed(report=report)
    return report


@transaction.atomic
def report_acknowledge(*, report: Report, user: User) -> Report:
    """The committee confirms it has seen an urgent report; its highlight goes away."""
    require_report_reviewer(user)
    report = _lock(report)
    if report.kind != ReportKind.URGENT:
        raise ValidationError(_("Only urgent reports are acknowledged."))
    if report.status == ReportStatus.DRAFT:
        raise ValidationError(_("This urgent report has not been sent yet."))
    if report.acknowledged_at is not None:
        raise ValidationError(_("This urgent report was already acknowledged."))
    report.acknowledged_at, report.acknowledged_by = timezone.now(), user
    report.version += 1
    report.save()
    _log(report, user, ChangeAction.ACKNOWLEDGE)
    acknowledgement_notice_send(report=report)
    report_changed(report=report)
    return report


def latest_return(report: Report) -> ReportReview | None:
    """The review that returned the report, while it is returned (for comments next to fields)."""
    if report.status != ReportStatus.RETURNED:
        return None
    return report.reviews.filter(decision=ReviewDecision.RETURNED).order_by("-at", "-pk").first()


# ---- notifications --------------------------------------------------------------------------


def notification_send(
    *,
    recipients: Iterable[User],
    kind: str,
    params: dict | Callable[[User], dict],
    dedup_key: str,
    link: str = "",
    report: Report | None = None,
) -> list[Notification]:
    """Notify each recipient once per ``dedup_key`` (a database rule); e-mail those with an address.

    Safe to call again: recipients who already have the key are skipped, and a concurrent
    duplicate loses on the unique constraint.
    """
    recipients = list(recipients)
    already = set(
        Notification.objects.filter(dedup_key=dedup_key, recipient__in=recipients).values_list(
            "recipient_id", flat=True
        )
    )
    created = []
    for user in recipients:
        if user.pk in already:
            continue
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user,
                        kind=kind,
                        params=params(user) if callable(params) else params,
                        dedup_key=dedup_key,
                        link=link,
                        report=report,
                    )
                )
        except IntegrityError:
            continue  # sent meanwhile by a concurrent run
    to_email = [n.pk for n in created if n.recipient.email]
    if to_email:
        from reports.tasks import send_notification_email  # noqa: PLC0415 - cycle: reports.tasks imports this module

        for pk in to_email:
            enqueue_on_commit(send_notification_email, pk)
    return created


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or the given ids); returns how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def _committee_members() -> QuerySet[User]:
    return User.objects.filter(role=Role.COMMITTEE, is_active=True)


def _administrators() -> QuerySet[User]:
    return User.objects.filter(role=Role.ADMIN, is_active=True)


def _ward_officers(ward_ids: Iterable[int]) -> QuerySet[User]:
    return User.objects.filter(role=Role.WARD_OFFICER, is_active=True, ward_id__in=list(ward_ids))


def review_notice_send(*, review: ReportReview) -> list[Notification]:
    """Tell the ward's officers their report was approved or returned (once per review).

    Called by report_approve and report_return inside their transaction: the decision and the
    officers' notification are saved together (only the e-mail waits for the commit).
    """
    report = review.report
    kind = NotificationKind.RETURNED if review.decision == ReviewDecision.RETURNED else NotificationKind.APPROVED
    params = {"kind": report.kind, "period": report.period_label, "comment": review.comment or "—"}
    return notification_send(
        recipients=_ward_officers([report.ward_id]),
        kind=kind,
        params=params,
        dedup_key=f"review:{review.pk}",
        link=report.get_absolute_url(),
        report=report,
    )


def acknowledgement_notice_send(*, report: Report) -> list[Notification]:
    """Tell the ward's officers the committee acknowledged their urgent report (once per report).

    Called by report_acknowledge inside its transaction.
    """
    if report.kind != ReportKind.URGENT or report.acknowledged_at is None:
        return []
    return notification_send(
        recipients=_ward_officers([report.ward_id]),
        kind=NotificationKind.ACKNOWLEDGED,
        params={"title": report.title, "severity": report.severity},
        dedup_key=f"acknowledged:{report.pk}",
        link=report.get_absolute_url(),
        report=report,
    )


def urgent_alert_send(*, report: Report) -> list[Notification]:
    """Alert every committee member to a sent urgent report (once per report)."""
    if report.kind != ReportKind.URGENT or report.status == ReportStatus.DRAFT:
        return []
    return notification_send(
        recipients=_committee_members(),
        kind=NotificationKind.URGENT,
        params={"ward": report.ward.name, "severity": report.severity, "title": report.title},
        dedup_key=f"urgent:{report.pk}",
        link=report.get_absolute_url(),
        report=report,
    )


def reminders_send(*, kind: str, period_start: datetime.date, deadline: datetime.datetime) -> list[Notification]:
    """Remind the officers of wards that have not sent the report for the period (once per period)."""
    wards = {w.pk: w.name for w in missing_wards(kind, period_start)}
    if not wards:
        return []
    label = Report(kind=kind, period_start=period_start).period_label
    at = timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y")
    return notification_send(
        recipients=_ward_officers(wards),
        kind=NotificationKind.REMINDER,
        params=lambda user: {"kind": kind, "ward": wards[cast(int, user.ward_id)], "period": label, "deadline": at},
        dedup_key=f"reminder:{kind}:{period_start.isoformat()}",
        link="/reports/today/" if kind == ReportKind.DAILY else "/reports/",
    )


def missing_list_send(*, kind: str, period_start: datetime.date) -> list[Notification]:
    """At the deadline, list the wards still missing to the committee, and to each leader in charge
    with a portal account the missing wards they are in charge of (once per period)."""
    missing = dict(missing_wards(kind, period_start).values_list("pk", "name"))
    if not missing:
        return []
    names = list(missing.values())
    label = Report(kind=kind, period_start=period_start).period_label
    shown = ", ".join(names[:30]) + ("…" if len(names) > 30 else "")
    dedup_key = f"missing:{kind}:{period_start.isoformat()}"
    link = f"/reports/?kind={kind}&period_start={period_start.isoformat()}"
    sent = notification_send(
        recipients=_committee_members(),
        kind=NotificationKind.MISSING,
        params={"kind": kind, "period": label, "count": len(names), "wards": shown},
        dedup_key=dedup_key,
        link=link,
    )
    leaders = leader_accounts_for_wards(missing)
    if leaders:
        sent += notification_send(
            recipients=leaders,
            kind=NotificationKind.MISSING,
            params=lambda user: {
                "kind": kind,
                "period": label,
                "count": len(leaders[user]),
                "wards": ", ".join(leaders[user]),
            },
            dedup_key=dedup_key,
            link=link,
        )
    return sent


def overdue_reminders_send(
    *, kind: str, period_start: datetime.date, deadline: datetime.datetime
) -> list[Notification]:
    """At the deadline, the second reminder: to the officers of each ward still missing and to its
    ward committee's head when they have an account (e-mailed where they have an address), once per period."""
    wards = {w.pk: w.name for w in missing_wards(kind, period_start)}
    if not wards:
        return []
    ward_of: dict[int, int] = {u.pk: cast(int, u.ward_id) for u in _ward_officers(wards).only("pk", "ward_id")}
    heads = User.objects.filter(is_active=True, headed_committees__ward_id__in=list(wards)).values_list(
        "pk", "headed_committees__ward_id"
    )
    for user_id, ward_id in heads:
        ward_of.setdefault(user_id, ward_id)
    label = Report(kind=kind, period_start=period_start).period_label
    at = timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y")
    key = f"overdue:{kind}:{period_start.isoformat()}"
    sent = notification_send(
        recipients=User.objects.filter(pk__in=list(ward_of)).order_by("pk"),
        kind=NotificationKind.OVERDUE,
        params=lambda user: {"kind": kind, "ward": wards[ward_of[user.pk]], "period": label, "deadline": at},
        dedup_key=key,
        link="/reports/today/" if kind == ReportKind.DAILY else "/reports/",
    )
    addresses = WardCommittee.objects.filter(ward_id__in=list(wards), head_user__isnull=True).exclude(head_email="")
    for ward_id, address in addresses.values_list("ward_id", "head_email"):
        params = {"kind": kind, "ward": wards[ward_id], "period": label, "deadline": at}
        with translation.override(settings.LANGUAGE_CODE):
            text = Notification(kind=NotificationKind.OVERDUE, params=params).text
            subject = _("[Epidemic prevention] %(kind)s") % {"kind": NotificationKind.OVERDUE.label}
        email_once(dedup_key=key, address=address, subject=subject, body=text)
    return sent


def email_once(*, dedup_key: str, address: str, subject: str, body: str) -> bool:
    """E-mail ``address`` (no portal account behind it) once per ``dedup_key``: the claim row and
    the send share one transaction, so a failed send is tried again by the next run; False when
    it was sent before."""
    try:
        with transaction.atomic():
            EmailSent.objects.create(dedup_key=dedup_key, address=address, sent_at=timezone.now())
            send_mail(subject, body, None, [address])
    except IntegrityError:
        return False
    except Exception:
        logger.warning("could not e-mail %s (%s); the next run tries again", address, dedup_key, exc_info=True)
        return False
    return True


def urgent_escalations_send(*, now: datetime.datetime) -> dict[str, int]:
    """Urgent reports not acknowledged in time: after ``URGENT_ACK_ESCALATION_MINUTES`` (30 by default)
    the committee is alerted again, after twice that the administrators; each step once per report."""
    minutes = settings.URGENT_ACK_ESCALATION_MINUTES
    step = datetime.timedelta(minutes=minutes)
    waiting = (
        Report.objects.filter(
            kind=ReportKind.URGENT,
            acknowledged_at__isnull=True,
            submitted_at__gte=now - datetime.timedelta(days=3),
            submitted_at__lte=now - step,
        )
        .exclude(status=ReportStatus.DRAFT)
        .select_related("ward")
        .order_by("submitted_at")
    )
    sent = {"committee": 0, "administrators": 0}
    for report in waiting:
        submitted = cast(datetime.datetime, report.submitted_at)
        params = {"ward": report.ward.name, "severity": report.severity, "title": report.title}
        late = int((now - submitted).total_seconds() // 60)
        steps = [("committee", _committee_members(), f"urgent-again:{report.pk}", submitted + step)]
        steps.append(("administrators", _administrators(), f"urgent-admin:{report.pk}", submitted + 2 * step))
        for name, recipients, key, due in steps:
            if now >= due:
                sent[name] += len(
                    notification_send(
                        recipients=recipients,
                        kind=NotificationKind.URGENT_ESCALATED,
                        params={**params, "minutes": late},
                        dedup_key=key,
                        link=report.get_absolute_url(),
                        report=report,
                    )
                )
    return sent


def deadlines_check(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send what is due at ``now``: reminders before a deadline, the missing list after it.

    Run every few minutes by Celery beat; deadlines come from the administrators' settings,
    and the dedup keys make every run after the first a no-op for the same period.
    """
    now = now or timezone.now()
    sent = {"reminders": 0, "missing": 0}
    for kind, rule in deadline_rules().items():
        for period_start, deadline in periods_due_near(kind, rule, now):
            if deadline - datetime.timedelta(minutes=rule.reminder_minutes) <= now < deadline:
                sent["reminders"] += len(reminders_send(kind=kind, period_start=period_start, deadline=deadline))
            elif deadline <= now < deadline + datetime.timedelta(hours=12):
                sent["missing"] += len(missing_list_send(kind=kind, period_start=period_start))
    return sent


def escalations_check(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Escalation, run by beat every few minutes beside ``deadlines_check``: at each deadline the
    second reminder to the wards still missing (officers and the ward committee's head), and the
    urgent reports not acknowledged in time (the committee again, then the administrators).
    Dedup keys make every run after the first a no-op."""
    now = now or timezone.now()
    sent = {"overdue": 0}
    for kind, rule in deadline_rules().items():
        for period_start, deadline in periods_due_near(kind, rule, now):
            if deadline <= now < deadline + datetime.timedelta(hours=12):
                sent["overdue"] += len(overdue_reminders_send(kind=kind, period_start=period_start, deadline=deadline))
    escalated = urgent_escalations_send(now=now)
    return {**sent, "urgent_to_committee": escalated["committee"], "urgent_to_admins": escalated["administrators"]}


def undelivered_sweep(*, now: datetime.datetime) -> dict[str, int]:
    """Catch up on work whose task was never queued (broker or worker down when it was sent).

    Urgent reports sent in the last three days without their alert get it now; notifications
    of the last day still waiting for their e-mail are queued again. Both are sent once: the
    alert's dedup key and the e-mail's ``emailed_at`` (checked under a row lock) see to it.
    """
    from reports.tasks import send_notification_email  # noqa: PLC0415 - cycle: reports.tasks imports this module

    # NOT EXISTS per recent urgent report (a few a day) reads their notifications by the report
    # index; NOT IN (every urgent notification) read the whole notification table.
    alerted = Notification.objects.filter(report=OuterRef("pk"), kind=NotificationKind.URGENT)
    unalerted = (
        Report.objects.filter(
            kind=ReportKind.URGENT, submitted_at__gte=now - datetime.timedelta(days=3), submitted_at__lte=now
        )
        .exclude(status=ReportStatus.DRAFT)
        .filter(~Exists(alerted))
        .select_related("ward")
    )
    alerts = sum(len(urgent_alert_send(report=report)) for report in unalerted)
    waiting = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__gte=now - datetime.timedelta(days=1),
            created_at__lte=now - datetime.timedelta(minutes=5),
        )
        .exclude(recipient__email="")
        .values_list("pk", flat=True)[:500]
    )
    for pk in waiting:
        enqueue_on_commit(send_notification_email, pk)
    return {"urgent_alerts_caught_up": alerts, "emails_requeued": len(waiting)}
