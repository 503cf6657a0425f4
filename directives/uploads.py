"""What a directive's file and a reply's evidence may be: checked by content, not by the name.

A PDF starts with ``%PDF-`` (within its first kilobyte, as wards' plan files are checked); a photo
is a JPEG, PNG or WebP by its first bytes. The size limit is the same for both.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024  # a scanned document or a phone photo; nginx caps the request too
MAX_EVIDENCE_FILES = 5

PDF = "application/pdf"


def sniff(uploaded: IO[Any]) -> str | None:
    """The content type the file's first bytes show (PDF, JPEG, PNG, WebP), or None."""
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(0)
    if isinstance(head, str):
        head = head.encode()
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if b"%PDF-" in head:
        return PDF
    return None


def _size(uploaded: Any) -> int:
    return int(getattr(uploaded, "size", 0) or 0)


def check_pdf(uploaded: Any, *, field: str = "file") -> str:
    """The signed document: a PDF of at most 10 MB."""
    if sniff(uploaded) != PDF:
        raise ValidationError({field: _("The signed file must be a PDF.")})
    if _size(uploaded) > MAX_FILE_BYTES:
        raise ValidationError({field: _("A file must not be larger than 10 MB.")})
    return PDF


def check_evidence(files: list[Any], *, field: str = "evidence") -> list[str]:
    """Evidence: at most five photos (JPEG, PNG, WebP) or PDFs of at most 10 MB each; their types."""
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError({field: _("Attach at most %(n)d files.") % {"n": MAX_EVIDENCE_FILES}})
    types = []
    for uploaded in files:
        kind = sniff(uploaded)
        if kind is None:
            raise ValidationError({field: _("Evidence must be a photo (JPEG, PNG, WebP) or a PDF.")})
        if _size(uploaded) > MAX_FILE_BYTES:
            raise ValidationError({field: _("A file must not be larger than 10 MB.")})
        types.append(kind)
    return types
