"""Writes for wards and users."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from wards.models import User, Ward

logger = logging.getLogger(__name__)


def ward_has_data(ward: Ward) -> bool:
    """True when anything other than the ward's own committee record points at the ward.

    Walks the reverse relations Django knows about, so apps added later (reports, stock,
    establishments) are covered without changing this function.
    """
    for rel in Ward._meta.related_objects:
        if rel.one_to_one:
            continue  # the ward's own committee record is part of the ward
        # Asked of the model that points here, so relations without a reverse accessor
        # (``related_name="+"``: the levels, a directive task's chosen wards) count too.
        if rel.related_model._default_manager.filter(**{rel.field.name: ward}).exists():
            return True
    return False


@transaction.atomic
def ward_delete(*, ward: Ward) -> None:
    """Delete a ward that holds no data; refuse with a clear message otherwise."""
    if ward_has_data(ward):
        raise ValidationError(_("Ward %(ward)s cannot be deleted because it has data.") % {"ward": ward.name})
    ward.delete()


@transaction.atomic
def user_password_change(*, user: User, new_password: str) -> int:
    """Set ``user``'s new password and revoke their API tokens; returns how many tokens were revoked.

    Other browser sessions end by themselves (their session hash no longer matches the
    password); a token does not, so a password changed because it leaked also shuts out
    scripts using the token. The audit trail records the change (the password itself masked).
    """
    user.set_password(new_password)
    user.save(update_fields=["password"])
    revoked, _detail = Token.objects.filter(user=user).delete()
    logger.info("password changed", extra={"target_user_id": user.pk, "tokens_revoked": revoked})
    return revoked
