"""The audit log in the admin: readable by administrators, changeable by nobody.

django-auditlog's own LogEntry admin lets a user with the delete permission delete entries
while deleting another object; ``wards.User.has_perm`` grants every permission to district
administrators, so the permissions are refused here on the ModelAdmin itself.
"""

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdminMixin, AuditlogLogEntryAdmin):
    """Read only (without the delete permission Django offers no "delete selected" either)."""
