"""CSV and XLSX responses shared by every export (reports, summaries, ledger, inspections).

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or
carriage return as a formula (CSV/formula injection). Text cells that start so are
neutralised with a leading apostrophe; numbers stay numbers.
"""

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """Return ``value`` safe for a spreadsheet cell: text that could run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, decimal.Decimal, datetime.date, datetime.datetime)):
        return value
    return neutralise(str(value))


def local_time(value: datetime.datetime) -> datetime.datetime:
    """An aware time as the district's wall-clock time, naive and to the second (for spreadsheets)."""
    if value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _csv_cell(value: Any) -> Any:
    """A CSV cell: times in local time without microseconds (``2020-03-17 16:05:09``), as the pages show them."""
    if isinstance(value, datetime.datetime):
        return local_time(value).isoformat(sep=" ")
    return _cell(value)


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A UTF-8 CSV download (with BOM, so Excel shows Vietnamese correctly)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return response


def xlsx_response(filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> HttpResponse:
    """An XLSX download with one sheet per (title, header, rows); numbers are typed number cells."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            values = []
            for v in row:
                v = _cell(v)
                if isinstance(v, datetime.datetime):
                    v = local_time(v)  # openpyxl stores naive local times
                values.append(v)
            sheet.append(values)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
