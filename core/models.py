"""The platform's own rows: the idempotency records (``core.idempotency``)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# 1 to 100 letters, digits, "-", "_", "." or ":" (a UUID fits); the header and the hidden form field alike.
KEY_MAX_LENGTH = 100
KEY_PATTERN = r"^[A-Za-z0-9._:-]{1,100}$"
key_validator = RegexValidator(
    KEY_PATTERN,
    _("An idempotency key is 1 to 100 letters, digits, hyphens, underscores, dots or colons (a UUID fits)."),
    code="invalid_idempotency_key",
)


class IdempotencyRecord(models.Model):
    """The first result of a write sent with an idempotency key, replayed to the same user's repeats.

    A phone that lost the network resends what it queued; the key (chosen by the client, once per
    entry) is the identity of the write, so a repeat returns this result instead of writing again.
    The request's fingerprint tells a true repeat from a reused key with another body. Rows are
    kept ``IDEMPOTENCY_TTL_DAYS`` (at least 7 days) and then swept (``core.tasks``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("idempotency key"), max_length=KEY_MAX_LENGTH, validators=[key_validator])
    request_method = models.CharField(_("request method"), max_length=10)
    request_path = models.CharField(_("request path"), max_length=500)
    request_hash = models.CharField(
        _("request body hash"), max_length=64, help_text=_("SHA-256 of the canonical request body.")
    )
    response_status = models.PositiveSmallIntegerField(
        _("response status"), null=True, blank=True, help_text=_("The API's status code (empty for a page's form).")
    )
    response_body = models.JSONField(
        _("response body"), null=True, blank=True, help_text=_("The API's JSON answer (empty for a page's form).")
    )
    object_url = models.CharField(
        _("result URL"),
        max_length=500,
        blank=True,
        help_text=_("Where a page's form redirected after the first post (empty for the API)."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="%(app_label)s_%(class)s_one_per_user_and_key",
                violation_error_message=_("This idempotency key was already used."),
            ),
        ]
        indexes = [
            # The sweep: DELETE ... WHERE created_at < now - IDEMPOTENCY_TTL_DAYS.
            models.Index(fields=["created_at"], name="core_idem_created_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.request_method} {self.request_path} [{self.key}]"
