"""Exports of a district summary: CSV, XLSX (through core.exports, which neutralises formula cells) and PDF.

Every export takes the summary with its ward lines prefetched and an optional ``ward_id``: a
ward-only export holds that ward's line and values, nothing about the other wards.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.exports import csv_response, xlsx_response
from reports.selectors import indicators_for_kind
from reports.summary.choices import WardStatus
from reports.summary.models import DistrictSummary
from reports.summary.pdf import summary_pdf
from reports.summary.selectors import PENDING, PENDING_LABEL, period_open_until, shown_status


def _lines(summary: DistrictSummary, ward_id: int | None):
    lines = list(summary.ward_rows.all())
    if ward_id is not None:
        lines = [line for line in lines if line.ward_id == ward_id]
    return lines


def _filename(summary: DistrictSummary, ward_lines, ward_id, ext: str) -> str:
    name = f"tong-hop-{summary.kind}-{summary.period_start.isoformat()}"
    if ward_id is not None and ward_lines:
        name += "-" + (slugify(ward_lines[0].ward.code) or str(ward_id))
    return f"{name}.{ext}"


def status_label(status: str, *, open_period: bool) -> str:
    """A ward line's status in an export: "awaiting the deadline" for a ward without a report while the
    period's deadline has not passed (never "missing" before it is), else the stored status."""
    shown = shown_status(status, open_period=open_period)
    return str(PENDING_LABEL) if shown == PENDING else str(WardStatus(shown).label)


def per_ward_table(summary: DistrictSummary, ward_id: int | None = None):
    """(header, rows, indicators) of the per-ward table: ward, status, submitted at, one column per indicator."""
    indicators = indicators_for_kind(summary.kind)
    open_period = period_open_until(summary.kind, summary.period_start, now=timezone.now()) is not None
    header = [_("Ward"), _("Status"), _("Submitted at")] + [i.name for i in indicators]
    rows = []
    for line in _lines(summary, ward_id):
        submitted = timezone.localtime(line.submitted_at).replace(tzinfo=None) if line.submitted_at else None
        status = status_label(line.status, open_period=open_period)
        rows.append([line.ward.name, status, submitted] + [line.values.get(i.code) for i in indicators])
    return header, rows, indicators


def totals_table(summary: DistrictSummary, ward_id: int | None = None):
    """(header, rows) of the totals: one row per indicator, then completeness (whole district only)."""
    indicators = indicators_for_kind(summary.kind)
    if ward_id is not None:
        lines = _lines(summary, ward_id)
        values = lines[0].values if lines else {}
    else:
        values = summary.totals
    header = [_("Code"), _("Indicator"), _("Unit"), _("Value")]
    rows = [[i.code, i.name, i.unit, values.get(i.code)] for i in indicators]
    if ward_id is None:
        rows += [
            ["expected", _("Wards expected"), _("wards"), summary.expected],
            ["submitted", _("Wards submitted"), _("wards"), summary.submitted],
            ["on_time", _("Wards on time"), _("wards"), summary.on_time],
            ["late", _("Wards late"), _("wards"), summary.late],
            ["missing", _("Wards missing"), _("wards"), summary.missing],
        ]
    return header, rows


def csv_export(summary: DistrictSummary, *, ward_id: int | None = None):
    """The per-ward table as CSV, with the district total as the last line (whole district only).
    Its indicator columns are headed "name (code)": the CSV has no second sheet for the codes."""
    header, rows, indicators = per_ward_table(summary, ward_id)
    header = header[:3] + [f"{i.name} ({i.code})" for i in indicators]
    if ward_id is None:
        rows.append([_("District total"), "", None] + [summary.totals.get(i.code) for i in indicators])
    lines = _lines(summary, ward_id)
    return csv_response(_filename(summary, lines, ward_id, "csv"), header, rows)


def xlsx_export(summary: DistrictSummary, *, ward_id: int | None = None):
    """Two sheets: the totals and the per-ward table; values are number cells."""
    t_header, t_rows = totals_table(summary, ward_id)
    w_header, w_rows, _indicators = per_ward_table(summary, ward_id)
    lines = _lines(summary, ward_id)
    per_ward = _("Per ward")
    return xlsx_response(
        _filename(summary, lines, ward_id, "xlsx"),
        [(_("Totals"), t_header, t_rows), (per_ward, w_header, w_rows)],
        codes={
            _("Totals"): ["code", "indicator", "unit", "value"],
            per_ward: ["ward", "status", "submitted_at"] + [i.code for i in _indicators],
        },
    )


def pdf_response(summary: DistrictSummary, *, ward_id: int | None = None):
    lines = _lines(summary, ward_id)
    response = HttpResponse(summary_pdf(summary, ward_id=ward_id), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(summary, lines, ward_id, "pdf")}"'
    return response
