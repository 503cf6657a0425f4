"""Helpers every list page shares."""


def query_without_page(request) -> str:
    """The request's query string without its page number: pagination and sort links keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
