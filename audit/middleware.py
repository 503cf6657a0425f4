"""Tie every audit entry written during a request to the request: who, from where, which request.

Used instead of ``auditlog.middleware.AuditlogMiddleware``, which takes the client address
from the first X-Forwarded-For entry (any client can forge it) and reads the user before the
view runs (token-authenticated API requests would be anonymous). This middleware only
remembers the request; :func:`audit.registration._fill_entry` reads, when an entry is
written: the user at that moment, the address the rest of the portal trusts
(:func:`core.middleware.client_ip`: REMOTE_ADDR, or X-Forwarded-For behind
``TRUSTED_PROXY_COUNT`` proxies) and the request id that also tags the log lines
(``X-Request-ID``). Place it after ``AuthenticationMiddleware``.
"""

from audit.context import current_request


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
