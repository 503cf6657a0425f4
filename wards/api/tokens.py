"""API tokens: obtain (with login lockout), rotate, revoke, and revocation by an administrator.

- ``POST /api/v1/auth/token/``: username + password → ``{"token": …}``. Wrong passwords count
  towards django-axes' lockout (``AXES_FAILURE_LIMIT`` per username and address); a locked-out
  pair gets ``429`` with a JSON body and ``Retry-After``, whatever the password.
- ``POST /api/v1/auth/token/rotate/``: the caller's token is replaced; the old key stops working.
- ``POST /api/v1/auth/token/revoke/``: the caller's token is deleted (log out of the API).
- ``POST /api/v1/auth/tokens/<user id>/revoke/``: a district administrator deletes anyone's token.

Administrators can also delete tokens in the admin (DRF's "Tokens" page).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import IsDistrictAdmin
from wards.api.serializers import TokenRequestSerializer, TokenResponseSerializer
from wards.api.views import ObtainTokenView

logger = logging.getLogger(__name__)

LockoutSerializer = inline_serializer(
    name="TokenLockout",
    fields={
        "detail": serializers.CharField(),
        "failure_limit": serializers.IntegerField(),
        "cooloff_seconds": serializers.IntegerField(),
    },
)


# ---- Services (the same functions serve the API and any future page) -------------------------


def token_rotate(*, user) -> Token:
    """Replace ``user``'s API token with a new one (created if they had none) and return it."""
    with transaction.atomic():
        # Lock the user row: two rotations at once must not both create a token (one per user).
        get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
    logger.info("API token rotated", extra={"target_user_id": user.pk})
    return token


def token_revoke(*, user, by) -> bool:
    """Delete ``user``'s API token; ``by`` is who asked (the user or an administrator).

    Returns whether there was a token. Revoking twice is harmless.
    """
    deleted, _detail = Token.objects.filter(user=user).delete()
    logger.info("API token revoked", extra={"target_user_id": user.pk, "revoked_by": by.pk, "existed": bool(deleted)})
    return bool(deleted)


# ---- Views -----------------------------------------------------------------------------------


class LockoutAwareObtainTokenView(ObtainTokenView):
    """``POST /api/v1/auth/token/``: the wards app's token endpoint, answering 429 when locked out.

    django-axes' backend refuses a locked-out username+address before the password is checked,
    and marks the (DRF) request; this turns the generic "not correct" error into a lockout answer.
    """

    @extend_schema(
        description="Exchange a username and password for an API token (send it as `Authorization: Token …`). "
        "After too many wrong passwords for one username from one address, that pair is locked out for a "
        "while: the answer is then 429 whatever the password.",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Missing fields, or the username or password is not correct."),
            429: OpenApiResponse(LockoutSerializer, description="Locked out after too many failures, or throttled."),
        },
    )
    def post(self, request):
        try:
            return super().post(request)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                return self.lockout_response()
            raise

    def lockout_response(self) -> Response:
        cooloff = settings.AXES_COOLOFF_TIME
        seconds = int(cooloff.total_seconds()) if cooloff else 0
        body = {
            "detail": _(
                "Too many failed logins: this account is locked for this address. "
                "Try again later or ask the district administrator to unlock it."
            ),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_seconds": seconds,
        }
        headers = {"Retry-After": str(seconds)} if seconds else {}
        return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS, headers=headers)


class TokenRotateView(APIView):
    """``POST /api/v1/auth/token/rotate/``: replace the caller's token; the old one stops working."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        description="Replace your API token with a new one. The old token stops working at once.",
        request=None,
        responses={200: TokenResponseSerializer},
    )
    def post(self, request):
        token = token_rotate(user=request.user)
        return Response({"token": token.key})


class TokenRevokeView(APIView):
    """``POST /api/v1/auth/token/revoke/``: delete the caller's token (204 even if there was none)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        description="Delete your API token (log out of the API). A new one is obtained with a password.",
        request=None,
        responses={204: OpenApiResponse(description="The token no longer exists.")},
    )
    def post(self, request):
        token_revoke(user=request.user, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserTokenRevokeView(APIView):
    """``POST /api/v1/auth/tokens/<user id>/revoke/``: an administrator deletes a user's token."""

    permission_classes = [IsDistrictAdmin]

    @extend_schema(
        description="District administrators: delete the API token of the user with this id.",
        request=None,
        responses={
            204: OpenApiResponse(description="The user's token no longer exists."),
            404: OpenApiResponse(description="No such user."),
        },
    )
    def post(self, request, user_id: int):
        user = get_object_or_404(get_user_model(), pk=user_id)
        token_revoke(user=user, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
