"""Writes for wards and users."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wards.models import Ward


def ward_has_data(ward: Ward) -> bool:
    """True when anything other than the ward's own committee record points at the ward.

    Walks the reverse relations Django knows about, so apps added later (reports, stock,
    establishments) are covered without changing this function.
    """
    for rel in Ward._meta.related_objects:
        if rel.one_to_one:
            continue  # the ward's own committee record is part of the ward
        accessor = rel.get_accessor_name()
        if getattr(ward, accessor).exists():
            return True
    return False


@transaction.atomic
def ward_delete(*, ward: Ward) -> None:
    """Delete a ward that holds no data; refuse with a clear message otherwise."""
    if ward_has_data(ward):
        raise ValidationError(_("Ward %(ward)s cannot be deleted because it has data.") % {"ward": ward.name})
    ward.delete()
