"""Helpers shared by tests of several apps: log in through the real form, the UI's text, templates used."""

from django.utils import translation


def logs_in(client, username: str, password: str) -> bool:
    """Log in through the real login form (the way a person does; passes the request to every backend)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def t(msgid: str) -> str:
    """The text the (Vietnamese by default) UI shows for ``msgid``."""
    with translation.override("vi"):
        return translation.gettext(msgid)


def template_names(response) -> list[str]:
    return [tpl.name for tpl in response.templates]
