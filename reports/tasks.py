"""Celery tasks of the reports app: deadline reminders, missing lists, alerts and e-mails.

Each takes ids, loads fresh rows and calls a service; the notifications' dedup keys make
every task safe to run twice.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports import services
from reports.models import Notification, Report, ReportReview

logger = logging.getLogger(__name__)

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(acks_late=True, **RETRY)
def check_deadlines() -> dict:
    """Reminders an hour (configurable) before each deadline; the missing list at the deadline."""
    return services.deadlines_check(now=timezone.now())


@shared_task(acks_late=True, **RETRY)
def check_escalations() -> dict:
    """The second reminder at each deadline; urgent reports not acknowledged in time, escalated."""
    return services.escalations_check(now=timezone.now())


@shared_task(acks_late=True, **RETRY)
def sweep_undelivered() -> dict:
    """Alerts and e-mails whose task never ran (broker or worker down): send them now, once."""
    return services.undelivered_sweep(now=timezone.now())


@shared_task(acks_late=True, **RETRY)
def alert_urgent_report(report_id: int) -> int:
    """Alert the committee to a sent urgent report (in-app and e-mail), once."""
    report = Report.objects.select_related("ward").filter(pk=report_id).first()
    if report is None:
        return 0
    return len(services.urgent_alert_send(report=report))


@shared_task(acks_late=True, **RETRY)
def notify_review(review_id: int) -> int:
    """Tell the ward's officers about the committee's decision, once per review."""
    review = ReportReview.objects.select_related("report__ward").filter(pk=review_id).first()
    if review is None:
        return 0
    return len(services.review_notice_send(review=review))


@shared_task(acks_late=True, **RETRY)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification to its recipient, once (``emailed_at`` records it)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None or not notification.recipient.email:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[Epidemic prevention] %(kind)s") % {"kind": notification.get_kind_display()}
            body = notification.text
            if notification.link:
                body += "\n\n" + _("Open the portal: %(link)s") % {"link": notification.link}
        send_mail(subject, body, None, [notification.recipient.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True
