"""Bulk import of establishments from CSV or XLSX: ALL OR NOTHING.

Policy: every row is checked first; when any row is invalid nothing is imported and the
report lists each problem as (row number, column, message). Row numbers are the
spreadsheet's (the header is row 1).

Columns (header row; English or Vietnamese names, any order, any case):

================  ==========================  =========  ===========================================
English           Vietnamese                  required   value
================  ==========================  =========  ===========================================
name              tên cơ sở                   yes        text
ward_code         mã phường                   yes        ward code, e.g. an-bien
address           địa chỉ                     yes        text
category          loại hình                   yes        category code (e.g. karaoke) or its name
owner             chủ cơ sở                   no         owner or contact person
phone             điện thoại                  no         text
status            trạng thái                  no         operating / closed_by_order / closed
workers           số lao động                 no         whole number
foreign_workers   số lao động nước ngoài      no         whole number
================  ==========================  =========  ===========================================

Files: ``.csv`` in UTF-8 (with or without BOM; comma or semicolon separated) or ``.xlsx``
(first sheet), at most 2 MB and 5,000 rows.

Every file is untrusted. Rows are streamed (openpyxl ``read_only``) and the reading stops at
the row over the limit; a workbook is refused before parsing when it would inflate past
MAX_XLSX_UNCOMPRESSED_BYTES or is compressed like a zip bomb; anything the CSV or XLSX reader
cannot read (a NUL character, a field over the csv module's limit, a broken zip or XML, a missing
part, a value openpyxl cannot convert) is a ValidationError with a translated message, which the
page shows as it shows any bad file (400), nothing imported.
"""

from __future__ import annotations

import _csv
import csv
import io
import time
import unicodedata
import zipfile
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from inspections.choices import Category, EstablishmentStatus
from inspections.models import Establishment
from wards.models import Ward

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Hostile files. An .xlsx is a zip: 2 MB may inflate to hundreds of MB ("zip bomb"), so before
# any parsing the members' declared sizes must add up to at most this. A 5,000-row list is about
# 3 MB; the slowest workbook under the bound (wide rows, 20 MB of cells) is read in a few seconds.
MAX_XLSX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
# …and a sheet or the shared strings may not be compressed more than this many times (real
# sheets: 5-20 times; repeated cells: a thousand). Parts under XLSX_RATIO_CHECK_FROM_BYTES are
# not judged by their ratio.
MAX_XLSX_RATIO = 100
XLSX_RATIO_CHECK_FROM_BYTES = 1024 * 1024
# Rows are read one at a time and the reading stops at the row over MAX_ROWS; these bound the rest.
MAX_COLUMNS = 50  # columns after the 50th are not read
MAX_CELL_CHARS = 1000  # longer than any field: reported, never quoted back
MAX_SHEET_ROWS = 1_048_576  # the last row of a spreadsheet (a row number past it is refused)
MAX_READ_SECONDS = 20  # time spent inside openpyxl, well under the server's 60-second timeout
SHOWN_CHARS = 60  # a value quoted back in a message is cut to this length

# column key → accepted header names (compared without case, spaces or diacritics)
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "tên cơ sở", "tên"),
    "ward_code": ("ward_code", "ward", "mã phường"),
    "address": ("address", "địa chỉ"),
    "category": ("category", "loại hình"),
    "owner_name": ("owner", "owner_name", "contact", "chủ cơ sở", "người liên hệ"),
    "phone": ("phone", "điện thoại", "số điện thoại"),
    "status": ("status", "trạng thái"),
    "workers": ("workers", "số lao động"),
    "foreign_workers": ("foreign_workers", "số lao động nước ngoài"),
}
REQUIRED = ("name", "ward_code", "address", "category")
TEMPLATE_HEADER = list(COLUMNS)  # the English header of the downloadable template
WORKER_COLUMNS = ("workers", "foreign_workers")
# Fields checked while reading a row: the model does not check them again once they have an error.
CHECKED_FIELDS = ("ward", "category", "status", "workers", "foreign_workers")
# The model's field names that differ from the file's columns ("" for errors of the whole row).
MODEL_FIELD_COLUMNS = {"ward": "ward_code", "owner_name": "owner", "__all__": ""}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did: ``created`` rows, or ``errors`` (then nothing was imported)."""

    created: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(text: str) -> str:
    """Header/label comparison key: lower case, no diacritics, single spaces, _ as space."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().replace("_", " ").split())


HEADER_LOOKUP = {_key(name): column for column, names in COLUMNS.items() for name in names}


# Vietnamese names accepted in the category and status columns (besides codes and the
# translated labels), so spreadsheets typed by the wards import as they are.
VIETNAMESE_NAMES = {
    "doanh nghiệp": Category.ENTERPRISE,
    "doanh nghiệp có lao động nước ngoài": Category.ENTERPRISE_FOREIGN,
    "trường mầm non": Category.KINDERGARTEN,
    "mầm non": Category.KINDERGARTEN,
    "trường tiểu học": Category.PRIMARY_SCHOOL,
    "tiểu học": Category.PRIMARY_SCHOOL,
    "trường thcs": Category.LOWER_SECONDARY_SCHOOL,
    "trung học cơ sở": Category.LOWER_SECONDARY_SCHOOL,
    "thcs": Category.LOWER_SECONDARY_SCHOOL,
    "cơ sở giáo dục ngoài công lập": Category.NON_PUBLIC_EDUCATION,
    "cơ sở tôn giáo": Category.RELIGIOUS_SITE,
    "cơ sở tín ngưỡng": Category.BELIEF_SITE,
    "phòng khám/bệnh viện": Category.CLINIC,
    "phòng khám": Category.CLINIC,
    "bệnh viện": Category.CLINIC,
    "nhà thuốc": Category.PHARMACY,
    "chợ": Category.MARKET,
    "bến xe": Category.BUS_STATION,
    "cơ quan": Category.OFFICE,
    "cơ quan, đơn vị": Category.OFFICE,
    "quán bar": Category.BAR,
    "nhà hàng": Category.RESTAURANT,
    "karaoke": Category.KARAOKE,
    "khác": Category.OTHER,
    "đang hoạt động": EstablishmentStatus.OPERATING,
    "tạm dừng theo yêu cầu": EstablishmentStatus.CLOSED_BY_ORDER,
    "tạm đóng cửa theo lệnh": EstablishmentStatus.CLOSED_BY_ORDER,
    "đã đóng cửa": EstablishmentStatus.CLOSED,
}


def _choice_lookup(choices) -> dict[str, str]:
    """Code, label (Vietnamese or English) or a Vietnamese name → code."""
    values = {value for value, _label in choices}
    lookup = {_key(name): str(value) for name, value in VIETNAMESE_NAMES.items() if value in values}
    for value, label in choices:
        lookup[_key(value)] = value
        for lang in ("vi", "en"):
            with translation.override(lang):
                lookup[_key(str(label))] = value
    return lookup


def read_rows(uploaded: UploadedFile) -> Generator[Sequence[Any]]:
    """The file's rows (header first) as sequences of cell values, read one at a time.

    ValidationError, before anything is parsed, for a wrong type, size or encoding, a NUL
    character in a CSV, or an archive that is no workbook or would expand too far (see
    :func:`_check_archive`); and, while the rows are read, for anything the CSV or XLSX reader
    cannot read. The caller stops pulling rows at the limit (:func:`parse`) and closes the
    iterator (which closes the workbook).
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    if not data:
        raise ValidationError(_("The file is empty."))
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.endswith(".csv"):
        return _csv_rows(data)
    raise ValidationError(_("Upload a .csv (UTF-8) or .xlsx file."))


def _csv_rows(data: bytes) -> Generator[Sequence[Any]]:
    if data.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("This is a spreadsheet file, not CSV: save it with the .xlsx extension or as CSV UTF-8.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _('The file is not UTF-8 encoded (byte %(pos)s). Save it as "CSV UTF-8" and upload it again.')
            % {"pos": exc.start + 1}
        ) from exc
    if "\x00" in text:
        # Never valid in a text file (PostgreSQL refuses it); typical of a UTF-16 "Unicode text" save.
        raise ValidationError(_nul_message(text.count("\n", 0, text.index("\x00")) + 1))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # newline="": the csv module's own line handling (\r\n, \n and a lone \r all end a row).
    return _read_csv(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_csv(reader: _csv.Reader) -> Generator[Sequence[Any]]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field over the csv module's limit (131,072 characters), …
            raise ValidationError(
                _(
                    'The file cannot be read as CSV near line %(line)s: a cell is too long or a quote (") '
                    'is not closed. Check that line and save the file as "CSV UTF-8" again.'
                )
                % {"line": reader.line_num}
            ) from exc
        yield row


def _nul_message(row: int) -> str:
    return _(
        'Row %(row)s contains a NUL character: the file is damaged or is not a text file. Save it as "CSV UTF-8" '
        "or .xlsx and upload it again."
    ) % {"row": row}


def _check_archive(data: bytes) -> None:
    """Refuse, before parsing, a workbook that is no zip or would expand too far.

    The sizes are the ones the zip declares; :mod:`zipfile` never inflates a member past its
    declared size (the CRC check fails instead), so they bound what openpyxl can read.
    """
    invalid = ValidationError(_("The file is not a valid .xlsx workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise invalid from exc
    if sum(m.file_size for m in members) > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise ValidationError(
            _("The workbook expands to more than %(max)s MB when opened; a list of establishments is far smaller.")
            % {"max": MAX_XLSX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    for m in members:
        parsed = m.filename.startswith("xl/worksheets/") or m.filename == "xl/sharedStrings.xml"
        if parsed and m.file_size >= XLSX_RATIO_CHECK_FROM_BYTES and m.file_size > MAX_XLSX_RATIO * m.compress_size:
            raise ValidationError(
                _(
                    "The workbook's sheet is compressed more than %(ratio)s times, which no real list does: "
                    "it is refused. Save the list again as a new workbook."
                )
                % {"ratio": MAX_XLSX_RATIO}
            )


def _xlsx_rows(data: bytes) -> Generator[Sequence[Any]]:
    _check_archive(data)
    return _read_sheet(data)


def _read_sheet(data: bytes) -> Generator[Sequence[Any]]:
    """The first sheet's rows, at most MAX_COLUMNS wide; the workbook is closed at the end.

    The sheet's declared dimensions are ignored (openpyxl would pad every row to them, or stop
    early when they are wrong). Time spent inside openpyxl is bounded by MAX_READ_SECONDS.
    openpyxl raises whatever its parts raise (zip, XML, KeyError, ValueError…): any exception
    while it reads is a file it cannot read.
    """
    invalid = _("The file is not a valid .xlsx workbook.")
    started = time.monotonic()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    except Exception as exc:
        raise ValidationError(invalid) from exc
    spent = time.monotonic() - started
    try:
        while True:
            started = time.monotonic()
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:
                raise ValidationError(invalid) from exc
            spent += time.monotonic() - started
            if spent > MAX_READ_SECONDS:
                raise ValidationError(
                    _("The workbook takes too long to read. Save the list again as a new workbook or as CSV UTF-8.")
                )
            yield row
    finally:
        workbook.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _shown(text: str) -> str:
    """A value quoted back in a message, shortened (a cell may be long)."""
    return Truncator(text).chars(SHOWN_CHARS)


def parse(rows: Iterable[Sequence], *, wards: Mapping[str, Ward], today) -> tuple[list[Establishment], list[RowError]]:
    """Validate every row; return unsaved establishments and the errors found.

    Rows are pulled one at a time: the data row over MAX_ROWS ends the reading with an error
    (nothing after it is read), and so does a row number past MAX_SHEET_ROWS. Blank rows are
    skipped.
    """
    rows = iter(rows)
    columns, errors = _header(_first(rows))
    if errors:
        return [], errors
    reader = _RowReader(columns=columns, wards=wards, today=today)
    result: list[Establishment] = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_SHEET_ROWS:
            raise ValidationError(
                _("The sheet goes past row %(max)s, the last row of a spreadsheet.")
                % {"max": number_format(MAX_SHEET_ROWS, force_grouping=True)}
            )
        if row.count(None) == len(row):  # a blank row, quickly (a sheet may jump to row 1,048,576)
            continue
        row = row[:MAX_COLUMNS]
        if not any(_text(c) for c in row):
            continue
        if any(isinstance(c, str) and "\x00" in c for c in row):
            raise ValidationError(_nul_message(number))
        if len(result) == MAX_ROWS:
            return [], [RowError(number, "", _("At most %(max)s rows per file.") % {"max": MAX_ROWS})]
        est, row_errors = reader.read(number, row)
        errors.extend(row_errors)
        result.append(est)
    if not result:
        return [], [RowError(2, "", _("The file has no data rows."))]
    return result, errors


def _first(rows: Iterator[Sequence]) -> Sequence:
    row = next(rows, ())
    if any(isinstance(c, str) and "\x00" in c for c in row):
        raise ValidationError(_nul_message(1))
    return row[:MAX_COLUMNS]


def _header(header: Sequence) -> tuple[dict[str, int], list[RowError]]:
    """The column key → index map of the header row, and its problems (unknown, repeated, missing)."""
    if not any(_text(c) for c in header):
        return {}, [RowError(1, "", _("The header row is missing."))]
    errors: list[RowError] = []
    columns: dict[str, int] = {}
    for index, title in enumerate(_text(c) for c in header):
        if not title:
            continue
        column = HEADER_LOOKUP.get(_key(title))
        if column is None:
            allowed = ", ".join(TEMPLATE_HEADER)
            errors.append(
                RowError(1, _shown(title), _("Unknown column. Allowed columns: %(columns)s.") % {"columns": allowed})
            )
        elif column in columns:
            errors.append(RowError(1, _shown(title), _("The column appears twice.")))
        else:
            columns[column] = index
    errors += [RowError(1, c, _("The required column is missing.")) for c in REQUIRED if c not in columns]
    return columns, errors


class _RowReader:
    """Reads data rows into unsaved establishments, with the lookups read once per file."""

    def __init__(self, *, columns: dict[str, int], wards: Mapping[str, Ward], today) -> None:
        self.columns, self.wards, self.today = columns, wards, today
        self.categories = _choice_lookup(Category.choices)
        self.statuses = _choice_lookup(EstablishmentStatus.choices)
        # One query; compared case-insensitively.
        self.existing = {
            (w, _key(n), _key(a)) for w, n, a in Establishment.objects.values_list("ward__code", "name", "address")
        }
        self.seen: dict[tuple, int] = {}  # natural key → the row that first had it

    def read(self, number: int, row: Sequence) -> tuple[Establishment, list[RowError]]:
        values = {column: self._cell(row, column) for column in COLUMNS}
        # A cell longer than any field is reported once, and not read further (nor quoted back).
        too_long = {column for column, text in values.items() if len(text) > MAX_CELL_CHARS}
        errors: list[RowError] = [
            RowError(number, column, _("The cell is longer than %(max)s characters.") % {"max": MAX_CELL_CHARS})
            for column in too_long
        ]
        values.update(dict.fromkeys(too_long, ""))
        ward = self._ward(number, values["ward_code"], errors)
        category = self._category(number, values["category"], errors)
        status = self._status(number, values["status"], errors)
        numbers = {column: self._count(number, column, values[column], errors) for column in WORKER_COLUMNS}
        est = Establishment(
            ward=ward,
            name=values["name"],
            address=values["address"],
            category=category or "",
            owner_name=values["owner_name"],
            phone=values["phone"],
            status=status or EstablishmentStatus.OPERATING,
            workers=numbers["workers"],
            foreign_workers=numbers["foreign_workers"],
            registered_on=self.today,
        )
        _model_errors(est, number, errors)
        if ward is not None and values["name"]:
            self._duplicate(number, (ward.code, _key(values["name"]), _key(values["address"])), errors)
        if too_long:  # the blank left in its place is no second problem
            errors = errors[: len(too_long)] + [e for e in errors[len(too_long) :] if e.column not in too_long]
        return est, errors

    def _cell(self, row: Sequence, column: str) -> str:
        index = self.columns.get(column)
        return _text(row[index]) if index is not None and index < len(row) else ""

    def _ward(self, number: int, code: str, errors: list[RowError]):
        ward = self.wards.get(code.lower())
        if not code:
            errors.append(RowError(number, "ward_code", _("This field is required.")))
        elif ward is None:
            errors.append(RowError(number, "ward_code", _("Unknown ward code %(code)s.") % {"code": _shown(code)}))
        return ward

    def _category(self, number: int, text: str, errors: list[RowError]) -> str | None:
        category = self.categories.get(_key(text)) if text else None
        if text and category is None:
            errors.append(RowError(number, "category", _("Unknown category %(value)s.") % {"value": _shown(text)}))
        return category

    def _status(self, number: int, text: str, errors: list[RowError]) -> str | None:
        if not text:
            return EstablishmentStatus.OPERATING
        status = self.statuses.get(_key(text))
        if status is None:
            errors.append(RowError(number, "status", _("Unknown status %(value)s.") % {"value": _shown(text)}))
        return status

    def _count(self, number: int, column: str, text: str, errors: list[RowError]) -> int | None:
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < 0:
            errors.append(RowError(number, column, _("Enter a whole number, 0 or more.")))
        return value

    def _duplicate(self, number: int, natural: tuple, errors: list[RowError]) -> None:
        if natural in self.existing:
            errors.append(RowError(number, "name", _("This establishment is already registered in the ward.")))
        elif natural in self.seen:
            errors.append(
                RowError(number, "name", _("Same establishment as row %(row)s.") % {"row": self.seen[natural]})
            )
        else:
            self.seen[natural] = number


def _model_errors(est: Establishment, number: int, errors: list[RowError]) -> None:
    """The model's own validation, for the columns without an error yet (named as in the file).

    Without a query per row: the ward comes from the wards read once (or is already reported);
    the category and status check constraints cannot fail for values taken from the choices;
    the foreign-workers constraint is asked of the database only when both numbers are given.
    """
    failed = {f for f in CHECKED_FIELDS if any(e.column == MODEL_FIELD_COLUMNS.get(f, f) for e in errors)}
    exclude = failed | {"ward"}
    constraint_exclude = exclude | {"category", "status"}
    if est.workers is None or est.foreign_workers is None:
        constraint_exclude |= set(WORKER_COLUMNS)
    try:
        est.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        _add_model_errors(exc, number, errors)
        constraint_exclude |= set(exc.message_dict)  # as full_clean does: only fields that passed
    try:
        est.validate_constraints(exclude=constraint_exclude)
    except ValidationError as exc:
        _add_model_errors(exc, number, errors)


def _add_model_errors(exc: ValidationError, number: int, errors: list[RowError]) -> None:
    for field_name, messages in exc.message_dict.items():
        column = MODEL_FIELD_COLUMNS.get(field_name, field_name)
        for message in messages:
            if not any(e.column == column for e in errors):
                errors.append(RowError(number, column, message))
