"""What the reports workflow announces to the rooms above it (see ``core.hooks``)."""

from core.hooks import Hook

report_changed = Hook("report_changed")
"""Called with ``report=`` inside the service's transaction when a report is edited, submitted,
approved, returned or acknowledged. ``reports.summary`` registers the recompile of the
district summaries the report feeds (drafts feed none) in its ``AppConfig.ready()``."""
