"""The API's request parsers: DRF's, with parse errors in the user's language.

DRF's JSON and multipart parsers answer a body they cannot read with an English text built from
the Python exception ("JSON parse error - Expecting property name enclosed in double quotes:
line 1 column 2 (char 1)"), which no catalogue can translate. These subclasses answer the same
400 with a translated message (and, for JSON, where the error is).
"""

import json
from collections.abc import Mapping
from typing import IO, Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            cause = exc.__context__
            if isinstance(cause, json.JSONDecodeError):
                message = _("The request body is not valid JSON (line %(line)d, column %(column)d).") % {
                    "line": cause.lineno,
                    "column": cause.colno,
                }
            else:
                message = _("The request body is not valid JSON.")
            raise ParseError(message) from cause


class MultiPartParser(parsers.MultiPartParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> parsers.DataAndFiles:
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(_("The request body is not a valid multipart form.")) from exc.__context__
