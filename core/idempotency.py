"""Idempotency keys: a write sent twice with one key is done once, and the repeat gets the first result.

A phone that loses the network in the middle of a post cannot tell whether the server got it, so
it sends it again (the offline outbox resends what it queued). The client names each write with a
key it generates once per entry; the server stores the first result under (user, key) in
:class:`core.models.IdempotencyRecord` and answers every repeat with it:

- the API: an ``Idempotency-Key`` header on a POST of a viewset with
  :class:`IdempotentPostMixin`. A repeat with the same body gets the stored status and JSON with
  ``Idempotent-Replayed: true``; the same key with another body (or on another path) gets 422;
- the pages: a hidden ``idempotency_key`` field (``{% idempotency_field %}`` from the
  ``idempotency`` template library) in the forms whose ``post`` goes through
  :func:`idempotent_form_post`. A repeat redirects to where the first post redirected.

A key belongs to its user: another user's identical key is another key. Only successes are kept
(an API 2xx, a page's redirect): a refused request (400, 409 ...) leaves no record, so the
corrected entry can be sent again with the same key. The first request inserts its record before
writing, in the transaction of its write; a concurrent duplicate waits on the unique constraint
(PostgreSQL) or on the database lock (SQLite, ``transaction_mode=IMMEDIATE``), then finds the
committed record and replays it: one write, whatever the timing. Records are swept after
``IDEMPOTENCY_TTL_DAYS`` (``core.tasks.sweep_idempotency_records``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.viewsets import GenericViewSet

from core.models import KEY_PATTERN, IdempotencyRecord, key_validator

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
FORM_FIELD = "idempotency_key"
# Form fields that are not the entry itself: a resent form carries a fresh CSRF token.
_NOT_THE_ENTRY = frozenset({FORM_FIELD, "csrfmiddlewaretoken"})


def new_key() -> str:
    """A fresh key for a form render."""
    return str(uuid.uuid4())


def is_valid_key(key: str) -> bool:
    try:
        key_validator(key)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class Fingerprint:
    """What identifies the request a key was first used for."""

    method: str
    path: str
    body_hash: str

    @classmethod
    def of(cls, method: str, path: str, body: Any) -> Fingerprint:
        return cls(method=method.upper(), path=path[:500], body_hash=canonical_hash(body))

    def matches(self, record: IdempotencyRecord) -> bool:
        return (record.request_method, record.request_path, record.request_hash) == (
            self.method,
            self.path,
            self.body_hash,
        )


def _plain(data: Any) -> Any:
    """The body as plain JSON values: a form's lists kept whole, a file by its name and size."""
    if isinstance(data, QueryDict):
        return {name: [_plain(v) for v in data.getlist(name)] for name in data}
    if isinstance(data, Mapping):
        return {str(name): _plain(value) for name, value in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(value) for value in data]
    if isinstance(data, UploadedFile):
        return {"file": data.name, "size": data.size}
    return data


def canonical_hash(body: Any) -> str:
    """SHA-256 of the body in one canonical JSON form (keys sorted), so key order does not matter."""
    text = json.dumps(_plain(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=JSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


class KeyReused(Exception):
    """The key was first used for another request (another body, path or method)."""

    def __init__(self, record: IdempotencyRecord) -> None:
        super().__init__(record.key)
        self.record = record


@dataclass(frozen=True)
class Replay:
    """The stored first result of a repeated request."""

    record: IdempotencyRecord


def _stored(user: Any, key: str, fingerprint: Fingerprint) -> IdempotencyRecord | None:
    record = IdempotencyRecord.objects.filter(user=user, key=key).first()
    if record is not None and not fingerprint.matches(record):
        raise KeyReused(record)
    return record


def run_once[R](
    *,
    user: Any,
    key: str,
    fingerprint: Fingerprint,
    perform: Callable[[], R],
    keep: Callable[[R], dict[str, Any] | None],
) -> R | Replay:
    """Run ``perform`` once per (user, key): the first time its result, afterwards :class:`Replay`.

    ``keep(result)`` gives the record's fields to store (``response_status``/``response_body``
    or ``object_url``), or None for a result not to replay (a refusal): then no record stays and
    the key may be used again. Raises :class:`KeyReused` when the key was used for another request.
    An exception from ``perform`` rolls back its writes and the record alike.
    """
    record = _stored(user, key, fingerprint)
    if record is not None:
        return Replay(record)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a duplicate's insert fails alone
                record = IdempotencyRecord.objects.create(
                    user=user,
                    key=key,
                    request_method=fingerprint.method,
                    request_path=fingerprint.path,
                    request_hash=fingerprint.body_hash,
                )
        except IntegrityError:
            # A concurrent request with this key committed first (this one waited for it).
            record = _stored(user, key, fingerprint)
            if record is None:  # pragma: no cover - the constraint said it exists
                raise
            return Replay(record)
        result = perform()
        fields = keep(result)
        if fields is None:
            record.delete()
        else:
            for name, value in fields.items():
                setattr(record, name, value)
            record.save(update_fields=list(fields))
    return result


def sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete the records older than ``IDEMPOTENCY_TTL_DAYS``; return how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.IDEMPOTENCY_TTL_DAYS)
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# ---- The API -------------------------------------------------------------------------------------


class InvalidKey(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy(
        "The Idempotency-Key header must be 1 to 100 letters, digits, hyphens, underscores, dots or colons "
        "(a UUID fits)."
    )
    default_code = "invalid_idempotency_key"


class KeyReusedError(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy(
        "This Idempotency-Key was already used for a different request. Nothing was changed: "
        "send a new key for a new entry, or the same body to get the first result again."
    )
    default_code = "idempotency_key_reused"


IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    pattern=KEY_PATTERN,
    description=(
        "A key of your choosing (1–100 letters, digits, `-_.:`; a UUID fits), new for each entry. "
        "A repeat with the same key and body returns the first response (with `Idempotent-Replayed: true`) "
        "and writes nothing; the same key with another body answers 422. Keys are per user, kept 7 days or more."
    ),
)


def _keep_api(response: Any) -> dict[str, Any] | None:
    if not isinstance(response, Response) or not status.is_success(response.status_code):
        return None
    body = json.loads(json.dumps(response.data, cls=JSONEncoder)) if response.data is not None else None
    return {"response_status": response.status_code, "response_body": body}


@extend_schema(methods=["POST"], parameters=[IDEMPOTENCY_KEY_PARAMETER])
class IdempotentPostMixin(GenericViewSet):
    """Put first in a viewset's bases: its POSTs honour an ``Idempotency-Key`` header.

    Without the header a POST runs as before. With it, after authentication and permissions,
    the action runs through :func:`run_once` for (the user, the key).
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.user.is_authenticated:
            return
        if not is_valid_key(key):
            raise InvalidKey
        handler = getattr(self, "post")  # noqa: B009 - the action ViewSet.as_view bound to POST

        def once(request: Request, *args: Any, **kwargs: Any) -> Any:
            fingerprint = Fingerprint.of("POST", request.path, request.data)
            try:
                outcome = run_once(
                    user=request.user,
                    key=key,
                    fingerprint=fingerprint,
                    perform=lambda: handler(request, *args, **kwargs),
                    keep=_keep_api,
                )
            except KeyReused as exc:
                raise KeyReusedError from exc
            if isinstance(outcome, Replay):
                record = outcome.record
                return Response(record.response_body, status=record.response_status, headers={REPLAYED_HEADER: "true"})
            return outcome

        setattr(self, "post", once)  # noqa: B010 - dispatch calls it next


# ---- The pages -----------------------------------------------------------------------------------


def _keep_page(response: HttpResponseBase) -> dict[str, Any] | None:
    location = response.get("Location") if response.status_code in (301, 302, 303) else None
    return {"object_url": location[:500]} if location else None


def idempotent_form_post[T: HttpResponseBase](request: HttpRequest, handler: Callable[[], T]) -> T | HttpResponse:
    """Run a page's form post once per ``idempotency_key`` field; a repeat redirects to the first result.

    A post without the field (or with a malformed one) runs as before. A redirect is the success
    kept; a form shown again with errors keeps nothing, so the corrected form may be resent.
    """
    key = request.POST.get(FORM_FIELD, "")
    user = request.user
    if not key or not user.is_authenticated or not is_valid_key(key):
        return handler()
    entry = {name: values for name, values in request.POST.lists() if name not in _NOT_THE_ENTRY}
    files = {name: request.FILES.getlist(name) for name in request.FILES}
    fingerprint = Fingerprint.of("POST", request.path, {"fields": entry, "files": files})
    try:
        outcome = run_once(user=user, key=key, fingerprint=fingerprint, perform=handler, keep=_keep_page)
    except KeyReused as exc:
        context = {"first_url": exc.record.object_url, "entry": sorted(entry.items())}
        return render(request, "core/idempotency_reused.html", context, status=422)
    if isinstance(outcome, Replay):
        messages.info(request, _("This form had already been sent: here is what it recorded. Nothing was saved twice."))
        return redirect(outcome.record.object_url)
    return outcome
