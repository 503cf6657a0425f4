"""Helpers shared by the wards tests."""


def logs_in(client, username: str, password: str) -> bool:
    """Log in through the real login form (the way a person does; passes the request to every backend)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session
