"""CSV and XLSX responses shared by every export (reports, summaries, ledger, inspections).

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or
carriage return as a formula (CSV/formula injection). Text cells that start so are
neutralised with a leading apostrophe; numbers stay numbers.
"""

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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


# Column widths (characters): fitted to the longest of the header and the first rows, within these.
MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE_ROWS = 8, 60, 500
CODES_SHEET = "codes"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM:SS"
DATE_FORMAT = "DD/MM/YYYY"


def _width(value: Any) -> int:
    if isinstance(value, datetime.datetime):
        return len("31/12/2020 23:59:59")
    if isinstance(value, datetime.date):
        return len("31/12/2020")
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_response(
    filename: str,
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]],
    *,
    codes: Mapping[str, Sequence[str]] | None = None,
) -> HttpResponse:
    """An XLSX download with one sheet per (title, header, rows); numbers are typed number cells,
    times are shown as dd/mm/yyyy hh:mm:ss, and columns are as wide as their content (within limits).

    ``codes`` (sheet title → one machine code per column) adds a hidden sheet ``codes`` listing,
    for each sheet and column, its header as people read it and its stable code, so a program can
    find its columns whatever the language of the headers.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([_cell(h) for h in header])
        widths = [_width(h) for h in header]
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for n, row in enumerate(rows):
            values = []
            for v in row:
                v = _cell(v)
                if isinstance(v, datetime.datetime):
                    v = local_time(v)  # openpyxl stores naive local times
                values.append(v)
            sheet.append(values)
            if n < WIDTH_SAMPLE_ROWS:
                for column, v in enumerate(values):
                    if column == len(widths):
                        widths.append(0)
                    widths[column] = max(widths[column], _width(v))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = DATE_FORMAT
        for column, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
        sheet.freeze_panes = "A2"
    if codes:
        sheet = workbook.create_sheet(title=CODES_SHEET)
        sheet.append(["sheet", "column", "header", "code"])
        for title, header, _rows in sheets:
            for column, (name, code) in enumerate(zip(header, codes.get(title, ()), strict=False), 1):
                sheet.append([title[:31], get_column_letter(column), _cell(name), code])
        sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
