"""Login, logout and the end of a password change with the portal's templates.

The password change itself (``/accounts/password/``) is the wards app's: it revokes the user's
API tokens (``wards.views.PasswordChangeView``, routed in ``config/urls.py``).
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from core.auth_forms import PortalAuthenticationForm
from core.views import LogoutView

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
