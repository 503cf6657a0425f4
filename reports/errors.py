"""How the reports services name their errors, for the API's handler and the report forms.

The services key errors by the report's own field names, and a value's error by its indicator
code (a ValidationError cannot nest): ``{"comment": [...], "home_quarantine": [...]}``. The
API nests the codes under ``values``; the report form has one field per code.
"""

from core.service_errors import Nested
from reports.services import NARRATIVE_FIELDS, URGENT_FIELDS

# Fields the services name in their errors; any other name is an indicator code (under "values").
REPORT_FIELDS = frozenset(
    {"kind", "period_start", "values", "version", "comment", "field_comments", *NARRATIVE_FIELDS, *URGENT_FIELDS}
)

VALUE_ERRORS = Nested(key="values", fields=REPORT_FIELDS)
