"""Bulk import of establishments (the file is read and checked by ``inspections.importing``)."""

from __future__ import annotations

from contextlib import closing

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from audit.bulk import audited_bulk_create
from inspections.importing import ImportReport, parse, read_rows
from inspections.models import Establishment
from wards.access import require_admin
from wards.models import Ward
from wards.types import AnyUser


@transaction.atomic
def establishments_import(*, user: AnyUser, uploaded: UploadedFile) -> ImportReport:
    """Import establishments from a CSV/XLSX upload, ALL OR NOTHING (see inspections.importing).

    Raises ValidationError for a file that cannot be read (type, size, encoding, a damaged or
    hostile file); returns a report whose ``errors`` list each bad row (then nothing is saved)
    or the ``created`` count. Each establishment created gets its own audit entry.
    """
    require_admin(user)
    wards = {w.code.lower(): w for w in Ward.objects.all()}
    with closing(read_rows(uploaded)) as rows:  # parse stops early at the row limit: close the workbook
        establishments, errors = parse(rows, wards=wards, today=timezone.localdate())
    if errors:
        return ImportReport(rows=len(establishments), errors=errors)
    audited_bulk_create(Establishment, establishments, batch_size=500)  # an audit entry per establishment
    return ImportReport(created=len(establishments), rows=len(establishments))
