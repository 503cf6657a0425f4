"""Template helpers of the inspections pages.

The money filter ``vnd`` (and ``num``) are builtins from ``core/templatetags/formatting.py``;
this library stays for the pages that load it.
"""

from django import template

register = template.Library()
