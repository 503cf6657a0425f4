"""Types the apps annotate with: who is asking, and the request of a signed-in page.

Django types ``request.user`` as ``User | AnonymousUser``; a view behind ``LoginRequiredMixin``
(or a role mixin) only ever sees a signed-in user, and says so by annotating
``request: SignedInRequest``. For type checking only: nothing is checked at run time.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework.request import Request

from wards.models import User

#: Whoever is asking: a user, the anonymous user of a request, or nobody (a task, a command).
type AnyUser = User | AnonymousUser | None


class SignedInRequest(HttpRequest):
    user: User  # narrower than HttpRequest's: the login gate lets no one else in


class SignedInAPIRequest(Request):
    """The DRF request of an endpoint behind ``IsAuthenticated`` (or a role class)."""

    user: User  # narrower than Request's: the permission classes let no one else in
