"""The morning brief: the closed day compiled and sent to the committee by itself (issue 14 #2).

Beat runs ``reports.summary.tasks.morning_brief`` every 5 minutes. At the administrators' time
(``MorningBriefSettings.send_at``, 06:30 by default) :func:`brief_due` compiles yesterday's daily
summary, writes the brief's content (:func:`brief_content`) and, in the same transaction, claims
one delivery row per recipient: the unique (day, recipient) rule makes a second beat or a
restarted worker a no-op. Each delivery is sent by its own task (:func:`brief_send`: the PDF
attached to an e-mail where the person has an address, and an in-app notification linking to the
PDF), under a row lock, once. :func:`brief_sweep` sends the claims still unsent after 5 minutes (a
task lost with the broker or a worker, an e-mail server that was down). :func:`low_stock_notify`
tells the ward's officers or the district's administrators, once per store, item and day, about
supplies lasting fewer days than the brief's threshold.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formatting import format_number
from core.queueing import enqueue_on_commit
from reports.choices import NotificationKind, ReportKind
from reports.models import Notification
from reports.selectors import indicators_for_kind
from reports.services import notification_send
from reports.summary import services
from reports.summary.models import (
    DistrictSummary,
    MorningBrief,
    MorningBriefDelivery,
    MorningBriefSettings,
)
from reports.summary.selectors import key_indicators, urgent_items
from supplies.selectors import low_cover_balances, unit_label
from wards.access import require_admin
from wards.choices import Role
from wards.models import District, User

logger = logging.getLogger(__name__)

# After its time the brief is still compiled for this long (a beat or worker that was down).
CATCH_UP = datetime.timedelta(hours=12)
# A claim unsent for this long is sent by the sweep (its task was lost or failed).
RETRY_AFTER = datetime.timedelta(minutes=5)
# Claims older than this are left alone (yesterday's brief is no news any more).
GIVE_UP_AFTER = datetime.timedelta(days=2)


# ---- settings ---------------------------------------------------------------------------------


def brief_settings() -> MorningBriefSettings:
    """The one settings row (created with the defaults the first time)."""
    row, _created = MorningBriefSettings.objects.get_or_create(pk=1)
    return row


def eligible_recipients() -> QuerySet[User]:
    """Who may receive the brief: active committee members and administrators."""
    return User.objects.filter(is_active=True, role__in=[Role.COMMITTEE, Role.ADMIN]).order_by("last_name", "pk")


def brief_recipients(row: MorningBriefSettings) -> QuerySet[User]:
    """The chosen recipients, or every committee member and administrator when none is chosen."""
    chosen = eligible_recipients().filter(pk__in=row.recipients.values("pk"))
    return chosen if chosen.exists() else eligible_recipients()


@transaction.atomic
def brief_settings_update(
    *, user: Any, send_at: datetime.time, low_cover_days: int, recipients: list[User] | None = None
) -> MorningBriefSettings:
    """Administrators set the brief's time, threshold and recipients (committee members and administrators)."""
    require_admin(user)
    errors: dict[str, str] = {}
    if not 1 <= int(low_cover_days) <= 90:
        errors["low_cover_days"] = _("Enter a number of days between 1 and 90.")
    recipients = list(recipients or [])
    eligible = set(eligible_recipients().values_list("pk", flat=True))
    if any(r.pk not in eligible for r in recipients):
        errors["recipients"] = _("Only active committee members and administrators receive the brief.")
    if errors:
        raise ValidationError(errors)
    row = MorningBriefSettings.objects.select_for_update().filter(pk=1).first() or brief_settings()
    row.send_at = send_at.replace(second=0, microsecond=0)
    row.low_cover_days = int(low_cover_days)
    row.save()
    row.recipients.set(recipients)
    return row


# ---- content ----------------------------------------------------------------------------------


def _summary(district_id: int, day: datetime.date, *, fresh: bool) -> DistrictSummary | None:
    """The daily summary of ``day``: compiled now when ``fresh`` (the closed day), else as stored
    (compiled now only when missing)."""
    if not fresh:
        found = DistrictSummary.objects.filter(district_id=district_id, kind=ReportKind.DAILY, period_start=day).first()
        if found is not None:
            return found
    return services.summary_compile(district_id=district_id, kind=ReportKind.DAILY, period_start=day)


def brief_content(*, district_id: int, day: datetime.date, low_cover_days: int) -> dict[str, Any]:
    """What the brief says about ``day`` (JSON): the key figures against the day before and the same
    day last week, the wards that did not report, new urgent reports and their state, violations
    found, and supplies with fewer than ``low_cover_days`` days of cover. Always in Vietnamese."""
    with translation.override("vi"):
        summary = _summary(district_id, day, fresh=True)
        before = _summary(district_id, day - datetime.timedelta(days=1), fresh=False)
        last_week = _summary(district_id, day - datetime.timedelta(days=7), fresh=False)
        assert summary is not None
        figures = []
        for indicator in key_indicators(indicators_for_kind(ReportKind.DAILY)):
            figures.append(
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "value": summary.totals.get(indicator.code),
                    "day_before": before.totals.get(indicator.code) if before else None,
                    "last_week": last_week.totals.get(indicator.code) if last_week else None,
                }
            )
        urgent = [
            {
                "title": u.get("title", ""),
                "ward_name": u.get("ward_name", ""),
                "severity_label": str(u.get("severity_label", "")),
                "submitted_at": u["submitted_at"].isoformat() if u.get("submitted_at") else None,
                "acknowledged_at": u["acknowledged_at"].isoformat() if u.get("acknowledged_at") else None,
            }
            for u in urgent_items(summary)
        ]
        low = [
            {**row, "unit_label": str(unit_label(row["unit"])), "days_cover": round(row["days_cover"], 1)}
            for row in low_cover_balances(district=district_id, below_days=low_cover_days)
        ]
    return {
        "summary_id": summary.pk,
        "figures": figures,
        "expected": summary.expected,
        "submitted": summary.submitted,
        "late": summary.late,
        "missing_wards": [w["name"] for w in summary.missing_wards],
        "urgent": urgent,
        "inspections": dict(summary.inspections or {}),
        "low_cover_days": low_cover_days,
        "low_cover": low,
    }


# ---- the beat: compile, claim, send, sweep ----------------------------------------------------


def _default_district_id() -> int | None:
    district = District.objects.default()
    return district.pk if district is not None else None


def brief_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """At the settings' time (and for ``CATCH_UP`` after it): compile yesterday's brief and claim a
    delivery per recipient, once; the sends are queued after the commit. Later runs do nothing."""
    now = now or timezone.now()
    row = brief_settings()
    today = timezone.localtime(now).date()
    trigger = timezone.make_aware(datetime.datetime.combine(today, row.send_at))
    day = today - datetime.timedelta(days=1)
    if not trigger <= now < trigger + CATCH_UP or MorningBrief.objects.filter(day=day).exists():
        return {"compiled": 0, "claimed": 0}
    district_id = _default_district_id()
    if district_id is None:
        return {"compiled": 0, "claimed": 0}
    content = brief_content(district_id=district_id, day=day, low_cover_days=row.low_cover_days)
    try:
        with transaction.atomic():
            brief = MorningBrief.objects.create(day=day, district_id=district_id, content=content, compiled_at=now)
            claims = MorningBriefDelivery.objects.bulk_create(
                [
                    MorningBriefDelivery(brief=brief, day=day, recipient=user, claimed_at=now)
                    for user in brief_recipients(row)
                ]
            )
            from reports.summary.tasks import send_morning_brief  # noqa: PLC0415 - cycle: tasks import this module

            for claim in MorningBriefDelivery.objects.filter(brief=brief).values_list("pk", flat=True):
                enqueue_on_commit(send_morning_brief, claim)
    except IntegrityError:
        return {"compiled": 0, "claimed": 0}  # a concurrent beat compiled and claimed it first
    return {"compiled": 1, "claimed": len(claims)}


def _email_body(brief: MorningBrief) -> str:
    content = brief.content
    lines = [
        _("The morning brief of %(day)s is attached (PDF).") % {"day": brief.day.strftime("%d/%m/%Y")},
        _("%(submitted)s of %(expected)s wards reported.")
        % {"submitted": content.get("submitted", 0), "expected": content.get("expected", 0)},
    ]
    if content.get("missing_wards"):
        lines.append(_("Wards that did not report: %(names)s.") % {"names": ", ".join(content["missing_wards"])})
    lines.append(_("Open the portal: %(link)s") % {"link": brief.get_absolute_url()})
    return "\n".join(lines)


# The last brief rendered (its id and compile time → the PDF): every copy of a morning attaches
# the same document, so a worker renders it once, not once per recipient.
_rendered: dict[tuple[int, datetime.datetime], bytes] = {}


def _pdf_of(brief: MorningBrief) -> bytes:
    from reports.summary.pdf import brief_pdf  # noqa: PLC0415 - reportlab is loaded only by what renders

    key = (brief.pk, brief.compiled_at)
    content = _rendered.get(key)
    if content is None:
        content = brief_pdf(brief)
        _rendered.clear()
        _rendered[key] = content
    return content


def brief_send(*, delivery_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one claimed copy, once: the PDF by e-mail (when the person has an address) and the
    in-app notification linking to it. Under a row lock; ``sent_at`` is written in the same
    transaction, so an e-mail that fails leaves the claim unsent for the sweep."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            MorningBriefDelivery.objects.select_for_update()
            .select_related("brief__district", "recipient")
            .filter(pk=delivery_id, sent_at__isnull=True)
            .first()
        )
        if delivery is None:
            return False
        brief, user = delivery.brief, delivery.recipient
        if user.email:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("[Epidemic prevention] Morning brief %(day)s") % {"day": brief.day.strftime("%d/%m/%Y")}
                message = EmailMessage(subject, _email_body(brief), None, [user.email])
            message.attach(f"ban-tin-sang-{brief.day.isoformat()}.pdf", _pdf_of(brief), "application/pdf")
            message.send()
        Notification.objects.get_or_create(
            recipient=user,
            dedup_key=f"brief:{brief.day.isoformat()}",
            defaults={
                "kind": NotificationKind.BRIEF,
                "params": {
                    "day": brief.day.strftime("%d/%m/%Y"),
                    "submitted": brief.content.get("submitted", 0),
                    "expected": brief.content.get("expected", 0),
                },
                "link": brief.get_absolute_url(),
                "emailed_at": now if user.email else None,  # the brief's own e-mail, not a second one
            },
        )
        delivery.sent_at = now
        delivery.emailed = bool(user.email)
        delivery.save(update_fields=["sent_at", "emailed"])
    return True


def brief_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send the claims still unsent ``RETRY_AFTER`` after they were made (their task was lost, or the
    e-mail failed); a failure is counted on the row and tried again at the next sweep."""
    now = now or timezone.now()
    pending = list(
        MorningBriefDelivery.objects.filter(
            sent_at__isnull=True, claimed_at__lte=now - RETRY_AFTER, claimed_at__gte=now - GIVE_UP_AFTER
        )
        .order_by("claimed_at", "pk")
        .values_list("pk", flat=True)[:500]
    )
    sent = failed = 0
    for pk in pending:
        try:
            sent += int(brief_send(delivery_id=pk, now=now))
        except Exception as exc:
            failed += 1
            logger.exception("morning brief: sending copy %s failed; the next sweep tries again", pk)
            MorningBriefDelivery.objects.filter(pk=pk).update(attempts=F("attempts") + 1, last_error=str(exc)[:2000])
    return {"sent": sent, "failed": failed}


def low_stock_notify(*, now: datetime.datetime | None = None) -> int:
    """Tell each store about its supplies lasting fewer days than the brief's threshold: a ward's
    officers, or the administrators for the district store; once per store, item and day."""
    now = now or timezone.now()
    district_id = _default_district_id()
    if district_id is None:
        return 0
    threshold = brief_settings().low_cover_days
    day = timezone.localtime(now).date().isoformat()
    with translation.override(settings.LANGUAGE_CODE):
        rows = low_cover_balances(district=district_id, below_days=threshold, now=now)
        district_name = District.objects.filter(pk=district_id).values_list("name", flat=True).first() or ""
    sent = 0
    for row in rows:
        if row["ward_id"] is not None:
            recipients = User.objects.filter(role=Role.WARD_OFFICER, is_active=True, ward_id=row["ward_id"])
            holder = row["ward_name"]
        else:
            recipients = User.objects.filter(role=Role.ADMIN, is_active=True)
            holder = district_name
        sent += len(
            notification_send(
                recipients=recipients,
                kind=NotificationKind.LOW_STOCK,
                params={"item": row["item_name"], "holder": holder, "days": format_number(round(row["days_cover"], 1))},
                dedup_key=f"low-stock:{row['holder_id']}:{row['item_id']}:{day}",
                link="/supplies/stock/",
            )
        )
    return sent
