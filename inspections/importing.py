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
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from inspections.choices import Category, EstablishmentStatus
from inspections.models import Establishment

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

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


def read_rows(uploaded) -> list[list]:
    """The file's rows (header first) as lists of cell values; ValidationError for a wrong
    type, size, encoding or an unreadable file."""
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


def _csv_rows(data: bytes) -> list[list]:
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
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(data: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(_("The file is not a valid .xlsx workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse(rows: list[list], *, wards: dict[str, object], today) -> tuple[list[Establishment], list[RowError]]:
    """Validate every row; return unsaved establishments and the errors found."""
    columns, errors = _header(rows)
    if errors:
        return [], errors
    body = [(n, row) for n, row in enumerate(rows[1:], start=2) if any(_text(c) for c in row)]
    if not body:
        return [], [RowError(2, "", _("The file has no data rows."))]
    if len(body) > MAX_ROWS:
        return [], [RowError(MAX_ROWS + 2, "", _("At most %(max)s rows per file.") % {"max": MAX_ROWS})]
    reader = _RowReader(columns=columns, wards=wards, today=today)
    result = []
    for number, row in body:
        est, row_errors = reader.read(number, row)
        errors.extend(row_errors)
        result.append(est)
    return result, errors


def _header(rows: list[list]) -> tuple[dict[str, int], list[RowError]]:
    """The column key → index map of the header row, and its problems (unknown, repeated, missing)."""
    if not rows or not any(_text(c) for c in rows[0]):
        return {}, [RowError(1, "", _("The header row is missing."))]
    errors: list[RowError] = []
    columns: dict[str, int] = {}
    for index, title in enumerate(_text(c) for c in rows[0]):
        if not title:
            continue
        column = HEADER_LOOKUP.get(_key(title))
        if column is None:
            allowed = ", ".join(TEMPLATE_HEADER)
            errors.append(RowError(1, title, _("Unknown column. Allowed columns: %(columns)s.") % {"columns": allowed}))
        elif column in columns:
            errors.append(RowError(1, title, _("The column appears twice.")))
        else:
            columns[column] = index
    errors += [RowError(1, c, _("The required column is missing.")) for c in REQUIRED if c not in columns]
    return columns, errors


class _RowReader:
    """Reads data rows into unsaved establishments, with the lookups read once per file."""

    def __init__(self, *, columns: dict[str, int], wards: dict[str, object], today) -> None:
        self.columns, self.wards, self.today = columns, wards, today
        self.categories = _choice_lookup(Category.choices)
        self.statuses = _choice_lookup(EstablishmentStatus.choices)
        # One query; compared case-insensitively.
        self.existing = {
            (w, _key(n), _key(a)) for w, n, a in Establishment.objects.values_list("ward__code", "name", "address")
        }
        self.seen: dict[tuple, int] = {}  # natural key → the row that first had it

    def read(self, number: int, row: list) -> tuple[Establishment, list[RowError]]:
        values = {column: self._cell(row, column) for column in COLUMNS}
        errors: list[RowError] = []
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
        return est, errors

    def _cell(self, row: list, column: str) -> str:
        index = self.columns.get(column)
        return _text(row[index]) if index is not None and index < len(row) else ""

    def _ward(self, number: int, code: str, errors: list[RowError]):
        ward = self.wards.get(code.lower())
        if not code:
            errors.append(RowError(number, "ward_code", _("This field is required.")))
        elif ward is None:
            errors.append(RowError(number, "ward_code", _("Unknown ward code %(code)s.") % {"code": code}))
        return ward

    def _category(self, number: int, text: str, errors: list[RowError]) -> str | None:
        category = self.categories.get(_key(text)) if text else None
        if text and category is None:
            errors.append(RowError(number, "category", _("Unknown category %(value)s.") % {"value": text}))
        return category

    def _status(self, number: int, text: str, errors: list[RowError]) -> str | None:
        if not text:
            return EstablishmentStatus.OPERATING
        status = self.statuses.get(_key(text))
        if status is None:
            errors.append(RowError(number, "status", _("Unknown status %(value)s.") % {"value": text}))
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
    """The model's own validation, for the columns without an error yet (named as in the file)."""
    try:
        est.full_clean(exclude=[f for f in CHECKED_FIELDS if any(e.column == f for e in errors)])
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            column = MODEL_FIELD_COLUMNS.get(field_name, field_name)
            for message in messages:
                if not any(e.column == column for e in errors):
                    errors.append(RowError(number, column, message))
