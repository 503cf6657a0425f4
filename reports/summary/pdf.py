"""The summary as a PDF in the Vietnamese administrative report layout (reportlab platypus).

National motto header, the district steering committee's name, number and date, title, sections
(completeness, totals, per-ward table, urgent reports, inspections, supplies) and the signature
block: one function per part, each returning its flowables. DejaVu Serif (vendored in fonts/)
renders every Vietnamese letter. The document is always in Vietnamese, the language of the
administration (numbers too: 12.345 and 2,5).
"""

import datetime
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.formatting import NO_VALUE, format_number
from directives.selectors import period_figures as directive_figures
from inspections.selectors import disinfection_summary
from reports.selectors import indicators_for_kind
from reports.summary.choices import WardStatus
from reports.summary.levels import levels_on
from reports.summary.models import DistrictSummary, DistrictSummaryWard, MorningBrief
from reports.summary.selectors import (
    PENDING,
    PENDING_LABEL,
    key_indicators,
    period_open_until,
    shown_status,
    urgent_items,
)
from wards.models import District
from wards.selectors import current_leaders

FONTS = Path(__file__).resolve().parent / "fonts"
MOTTO_COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Widths of the two-column header and signature blocks (the page's text width is 175 mm).
BLOCK_WIDTHS = [80 * mm, 95 * mm]


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONTS / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(FONTS / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Italic", str(FONTS / "DejaVuSerif-Italic.ttf")))
    addMapping("DejaVuSerif", 0, 0, "DejaVuSerif")
    addMapping("DejaVuSerif", 1, 0, "DejaVuSerif-Bold")
    addMapping("DejaVuSerif", 0, 1, "DejaVuSerif-Italic")
    addMapping("DejaVuSerif", 1, 1, "DejaVuSerif-Bold")


@dataclass(frozen=True)
class _Styles:
    base: ParagraphStyle
    center: ParagraphStyle
    bold_center: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle


@cache
def _styles() -> _Styles:
    base = ParagraphStyle("base", fontName="DejaVuSerif", fontSize=10.5, leading=14)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    bold_center = ParagraphStyle("boldc", parent=center, fontName="DejaVuSerif-Bold")
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, alignment=TA_LEFT)
    return _Styles(
        base=base,
        center=center,
        bold_center=bold_center,
        title=ParagraphStyle("title", parent=bold_center, fontSize=14, leading=19, spaceBefore=6),
        heading=ParagraphStyle("heading", parent=base, fontName="DejaVuSerif-Bold", spaceBefore=8, spaceAfter=4),
        cell=cell,
        cell_bold=ParagraphStyle("cellb", parent=cell, fontName="DejaVuSerif-Bold"),
        cell_right=ParagraphStyle("cellr", parent=cell, alignment=TA_RIGHT),
    )


@dataclass(frozen=True)
class _Document:
    """What every part reads: the summary, its ward lines (one ward's, or all), the issuing body."""

    summary: DistrictSummary
    lines: list[DistrictSummaryWard]
    ward_line: DistrictSummaryWard | None  # the ward of a ward-only document
    committee: str
    styles: _Styles
    open_until: datetime.datetime | None = None  # the period's deadline while it has not passed ("so far")

    def status(self, line: DistrictSummaryWard) -> str:
        """The line's status as printed: a ward without a report is awaiting the deadline, not missing,
        while the period is open."""
        shown = shown_status(line.status, open_period=self.open_until is not None)
        return str(PENDING_LABEL) if shown == PENDING else str(WardStatus(shown).label)

    @classmethod
    def of(cls, summary: DistrictSummary, ward_id: int | None) -> "_Document":
        district = summary.district
        lines = [line for line in summary.ward_rows.all() if ward_id is None or line.ward_id == ward_id]
        if ward_id is not None and not lines:
            # A ward-only document of a ward with no line: never fall back to the district's figures.
            raise Http404
        committee = _committee_name(district)
        return cls(
            summary=summary,
            lines=lines,
            ward_line=lines[0] if ward_id is not None and lines else None,
            committee=committee,
            styles=_styles(),
            open_until=period_open_until(summary.kind, summary.period_start, now=timezone.now()),
        )


def _committee_name(district: District) -> str:
    return district.committee_name or _("Steering committee for COVID-19 prevention, %(district)s") % {
        "district": district.name
    }


def _esc(text) -> str:
    return escape(str(text))


def summary_pdf(summary: DistrictSummary, *, ward_id: int | None = None) -> bytes:
    """Render the summary (or one ward's part of it) to PDF bytes."""
    with translation.override("vi"):
        return _render(summary, ward_id)


def _render(summary: DistrictSummary, ward_id: int | None) -> bytes:
    _register_fonts()
    doc = _Document.of(summary, ward_id)
    story = [
        *_header(doc),
        *_title(doc),
        *_reporting(doc),
        *_figures(doc),
        *_per_ward(doc),
        *_levels(doc),
        *_urgent(doc),
    ]
    if doc.ward_line is None:  # district figures
        story += [*_inspections(doc), *_supplies(doc)]
    story += _directives(doc)
    story += [*_disinfection(doc), *_leaders(doc)]  # issue 15
    story += _signature(doc)
    return _build(story, title=f"Báo cáo tổng hợp {summary.period_label}", author=doc.committee)


class _NumberedCanvas(Canvas):
    """A canvas that writes "Trang n/N" at the foot of every page once the page count is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("DejaVuSerif", 8.5)
            self.drawRightString(A4[0] - 15 * mm, 8 * mm, f"Trang {self._pageNumber}/{total}")
            super().showPage()
        super().save()


def _build(story: list[Flowable], *, title: str, author: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=author,
    )
    document.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _table(doc: "_Document | _BriefDocument", rows: list[list], widths: list[float], numeric=()) -> Table:
    """A grid with a shaded header row (repeated on each page); cells are text or flowables.
    The ``numeric`` columns (indexes) are right-aligned, so the figures line up."""
    styles = doc.styles

    def cell(c, n: int) -> Flowable:
        return c if hasattr(c, "wrap") else Paragraph(_esc(c), styles.cell_right if n in numeric else styles.cell)

    data = [[Paragraph(_esc(c), styles.cell_bold) for c in rows[0]]] + [
        [cell(c, n) for n, c in enumerate(row)] for row in rows[1:]
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _heading(doc: "_Document | _BriefDocument", text: str) -> Paragraph:
    return Paragraph(_esc(text), doc.styles.heading)


def _text(doc: "_Document | _BriefDocument", text: str) -> Paragraph:
    return Paragraph(_esc(text), doc.styles.base)


def _header(doc: _Document) -> list[Flowable]:
    """Issuing body (left) and the national motto (right), then number and place/date."""
    return _masthead(doc.styles, doc.summary.district, doc.committee)


def _masthead(styles: _Styles, district: District, committee: str) -> list[Flowable]:
    today = timezone.localdate()
    place_date = (
        f"<i>{_esc(district.city or district.name)}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}</i>"
    )
    header = Table(
        [
            [
                Paragraph(f"<b>{_esc(committee.upper())}</b>", styles.bold_center),
                Paragraph(f"<b>{MOTTO_COUNTRY}</b><br/><b>{MOTTO}</b>", styles.bold_center),
            ],
            [Paragraph("Số:" + "&nbsp;" * 12 + "/BC-BCĐ", styles.center), Paragraph(place_date, styles.center)],
        ],
        colWidths=BLOCK_WIDTHS,
    )
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black)]))
    return [header, Spacer(1, 6 * mm)]


def _title(doc: _Document) -> list[Flowable]:
    """Title, the kind and period (and the ward of a ward-only document), the compile time."""
    styles, summary = doc.styles, doc.summary
    subtitle = _("%(kind)s report, period %(period)s (%(start)s – %(end)s)") % {
        "kind": str(summary.get_kind_display()).lower(),
        "period": summary.period_label,
        "start": summary.period_start.strftime("%d/%m/%Y"),
        "end": summary.period_end.strftime("%d/%m/%Y"),
    }
    if doc.ward_line is not None:
        subtitle += " · " + doc.ward_line.ward.name
    compiled = timezone.localtime(summary.compiled_at).strftime("%H:%M %d/%m/%Y")
    return [
        Paragraph("BÁO CÁO", styles.title),
        Paragraph("Tổng hợp tình hình phòng, chống dịch COVID-19", styles.bold_center),
        Paragraph(_esc(subtitle), styles.center),
        Paragraph(f"<i>{_esc(_('Compiled at %(time)s.') % {'time': compiled})}</i>", styles.center),
        Spacer(1, 4 * mm),
    ]


def _reporting(doc: _Document) -> list[Flowable]:
    """I. Completeness and timeliness: the ward's status, or the district's counts and late/missing wards."""
    story: list[Flowable] = [_heading(doc, _("I. Reporting by the wards"))]
    line = doc.ward_line
    if line is not None:
        sent = timezone.localtime(line.submitted_at).strftime("%H:%M %d/%m/%Y") if line.submitted_at else "—"
        status = doc.status(line)
        story.append(_text(doc, _("Status: %(status)s; submitted at %(at)s.") % {"status": status, "at": sent}))
        return story
    summary = doc.summary
    counts = _(
        "%(submitted)s of %(expected)s wards submitted (%(rate)s%%); %(on_time)s on time, "
        "%(late)s late, %(missing)s missing."
    ) % {
        "submitted": summary.submitted,
        "expected": summary.expected,
        "rate": format_number(summary.completeness_rate or 0),
        "on_time": summary.on_time,
        "late": summary.late,
        "missing": summary.missing,
    }
    if doc.open_until is not None:
        # Before the deadline: partial ("so far"), and the wards without a report are not missing yet.
        counts = _(
            "So far, before the deadline at %(deadline)s: %(submitted)s of %(expected)s wards submitted; "
            "%(pending)s awaiting the deadline."
        ) % {
            "deadline": timezone.localtime(doc.open_until).strftime("%H:%M %d/%m/%Y"),
            "submitted": summary.submitted,
            "expected": summary.expected,
            "pending": summary.missing,
        }
    story.append(_text(doc, counts))
    if summary.missing_wards:
        names = ", ".join(w["name"] for w in summary.missing_wards)
        if doc.open_until is not None:
            story.append(_text(doc, _("Wards awaiting the deadline: %(names)s.") % {"names": names}))
        else:
            story.append(_text(doc, _("Wards missing: %(names)s.") % {"names": names}))
    if summary.late_wards:
        names = ", ".join(w["name"] for w in summary.late_wards)
        story.append(_text(doc, _("Wards late: %(names)s.") % {"names": names}))
    return story


def _figures(doc: _Document) -> list[Flowable]:
    """II. One row per indicator of the kind: the district's totals or the ward's values."""
    values = doc.ward_line.values if doc.ward_line is not None else doc.summary.totals
    rows = [["#", _("Indicator"), _("Unit"), _("Value")]]
    rows += [
        [str(n), i.name, i.unit, format_number(values.get(i.code))]
        for n, i in enumerate(indicators_for_kind(doc.summary.kind), 1)
    ]
    return [_heading(doc, _("II. Figures")), _table(doc, rows, [10 * mm, 105 * mm, 28 * mm, 32 * mm], numeric=(3,))]


def _per_ward(doc: _Document) -> list[Flowable]:
    """III. Per ward: status and the key indicators (the XLSX export has every indicator)."""
    shown = key_indicators(indicators_for_kind(doc.summary.kind))[:5]
    rows = [[_("Ward"), _("Status")] + [i.name for i in shown]]
    rows += [
        [line.ward.name, doc.status(line)] + [format_number(line.values.get(i.code)) for i in shown]
        for line in doc.lines
    ]
    rest = 175 - 38 - 22
    widths = [38 * mm, 22 * mm] + [rest / max(len(shown), 1) * mm] * len(shown)
    numeric = tuple(range(2, 2 + len(shown)))
    return [_heading(doc, _("III. Per ward")), _table(doc, rows, widths, numeric=numeric)]


def _levels(doc: _Document) -> list[Flowable]:
    """The wards' epidemic levels on the period's last day (issue 14): level in words, its colour, the rate."""
    wards = [line.ward_id for line in doc.lines]
    found = levels_on(day=doc.summary.period_end, district_id=doc.summary.district_id, ward_ids=wards)
    heading = _heading(doc, _("Epidemic level on %(day)s") % {"day": f"{doc.summary.period_end:%d/%m/%Y}"})
    if not found:
        return [heading, _text(doc, _("No level computed for this day (wards need a population)."))]
    rows = [[_("Ward"), _("Epidemic level"), _("Rate (per the criteria)")]]
    for r in found:  # the level in words, in its text colour on its fill (contrast ≥ 4.5:1)
        style = ParagraphStyle(f"level-{r['level']}", parent=doc.styles.cell, textColor=colors.HexColor(r["text"]))
        rate = Paragraph(
            _esc(format_number(r["rate"])), ParagraphStyle("rate", parent=doc.styles.cell, alignment=TA_RIGHT)
        )
        rows.append([r["name"], Paragraph(_esc(r["label"]), style), rate])
    table = _table(doc, rows, [60 * mm, 70 * mm, 45 * mm])
    table.setStyle(
        TableStyle([("BACKGROUND", (1, n), (1, n), colors.HexColor(r["fill"])) for n, r in enumerate(found, 1)])
    )
    return [heading, table]


def _urgent(doc: _Document) -> list[Flowable]:
    """IV. Urgent reports of the period (the ward's own in a ward-only document)."""
    heading = _heading(doc, _("IV. Urgent reports"))
    line = doc.ward_line
    urgent = [u for u in urgent_items(doc.summary) if line is None or u.get("ward_name") == line.ward.name]
    if not urgent:
        return [heading, _text(doc, _("No urgent report in the period."))]
    rows = [[_("Sent at"), _("Ward"), _("Title"), _("Severity"), _("Acknowledged")]]
    for u in urgent:
        sent = timezone.localtime(u["submitted_at"]).strftime("%H:%M %d/%m") if u["submitted_at"] else "—"
        ack = timezone.localtime(u["acknowledged_at"]).strftime("%H:%M %d/%m") if u["acknowledged_at"] else _("Not yet")
        rows.append([sent, u["ward_name"], u["title"], u["severity_label"], ack])
    return [heading, _table(doc, rows, [24 * mm, 30 * mm, 71 * mm, 22 * mm, 28 * mm])]


def _inspections(doc: _Document) -> list[Flowable]:
    """V. Inspections of the period (district documents only)."""
    heading = _heading(doc, _("V. Inspections"))
    ins = doc.summary.inspections or {}
    if not ins:
        return [heading, _text(doc, _("No inspection figures."))]
    text = _("%(inspections)s inspections of %(establishments)s establishments; %(violations)s violations found.") % {
        "inspections": format_number(ins.get("inspections", 0)),
        "establishments": format_number(ins.get("establishments_inspected", 0)),
        "violations": format_number(ins.get("violations", 0)),
    }
    return [heading, _text(doc, text)]


def _supplies(doc: _Document) -> list[Flowable]:
    """VI. Supplies distributed in the period, per item (district documents only)."""
    heading = _heading(doc, _("VI. Supplies distributed"))
    if not doc.summary.supplies:
        return [heading, _text(doc, _("No supplies distributed in the period."))]
    rows = [[_("Item"), _("Unit"), _("Quantity"), _("People reached")]]
    rows += [
        [
            item.get("item_name_vi") or item.get("item_code", ""),
            item["unit_label"],
            format_number(item.get("quantity")),
            format_number(item.get("people_reached")),
        ]
        for item in doc.summary.supplies_shown
    ]
    return [heading, _table(doc, rows, [85 * mm, 25 * mm, 32 * mm, 33 * mm], numeric=(2, 3))]


def _directives(doc: _Document) -> list[Flowable]:
    """VII. Directives: documents issued in the period, assignments due in it done and overdue per ward (issue 15)."""
    heading = _heading(doc, _("VII. Directives and tasks"))
    ward_id = doc.ward_line.ward_id if doc.ward_line is not None else None
    figures = directive_figures(
        start=doc.summary.period_start, end=doc.summary.period_end, today=timezone.localdate(), ward_id=ward_id
    )
    text = _("%(d)s documents issued; %(n)s assignments due, %(done)s done, %(late)s overdue.") % {
        "d": format_number(figures["documents"]),
        "n": format_number(figures["total"]),
        "done": format_number(figures["done"]),
        "late": format_number(figures["overdue"]),
    }
    if not figures["wards"]:
        return [heading, _text(doc, text)]
    rows = [[_("Ward"), _("Assignments"), pgettext("assignment state", "Done"), _("Overdue")]]
    rows += [
        [w["name"], format_number(w["total"]), format_number(w["done"]), format_number(w["overdue"])]
        for w in figures["wards"]
    ]
    return [heading, _text(doc, text), _table(doc, rows, [70 * mm, 35 * mm, 35 * mm, 35 * mm])]


def _ward_id(doc: _Document) -> int | None:
    return doc.ward_line.ward_id if doc.ward_line is not None else None


def _disinfection(doc: _Document) -> list[Flowable]:
    """VIII. Disinfection rounds of the period, with the share of sites done per category (issue 15)."""
    summary = doc.summary
    rounds = disinfection_summary(
        district=summary.district_id, start=summary.period_start, end=summary.period_end, ward_id=_ward_id(doc)
    )
    heading = _heading(doc, _("VIII. Disinfection rounds"))
    if not rounds:
        return [heading, _text(doc, _("No disinfection round in the period."))]
    story: list[Flowable] = [heading]
    for r in rounds:
        title = _("%(title)s (%(start)s – %(end)s): %(done)s of %(total)s sites done.") % {
            "title": r["title"],
            "start": r["start"].strftime("%d/%m/%Y"),
            "end": r["end"].strftime("%d/%m/%Y"),
            "done": format_number(r["done"]),
            "total": format_number(r["total"]),
        }
        rows = [[_("Category"), _("Sites"), pgettext("disinfection", "Done"), "%"]]
        rows += [
            [c["label"], format_number(c["total"]), format_number(c["done"]), f"{c['percent']}%"]
            for c in r["by_category"]
        ]
        story += [_text(doc, title), _table(doc, rows, [85 * mm, 30 * mm, 30 * mm, 30 * mm]), Spacer(1, 4)]
    return story


def _leaders(doc: _Document) -> list[Flowable]:
    """IX. The leaders in charge of the wards (issue 15)."""
    ward_id = _ward_id(doc)
    leaders = current_leaders(None if ward_id is None else [ward_id], district=doc.summary.district_id)
    heading = _heading(doc, _("IX. Leaders in charge of the wards"))
    rows = [[_("Ward"), _("Leader in charge"), _("Position"), _("Phone")]]
    rows += [[leader.ward.name, leader.name, leader.title, leader.phone] for leader in leaders]
    if len(rows) == 1:
        return [heading, _text(doc, _("No leader assigned yet."))]
    return [heading, _table(doc, rows, [30 * mm, 40 * mm, 75 * mm, 30 * mm])]


def _signature(doc: _Document) -> list[Flowable]:
    """Recipients (left), the committee's head (right), kept on one page."""
    styles = doc.styles
    signature = Table(
        [
            [
                Paragraph(
                    "<b><i>Nơi nhận:</i></b><br/>- UBND quận;<br/>- Các thành viên BCĐ;<br/>- Lưu: VT.", styles.cell
                ),
                Paragraph(
                    "<b>TM. BAN CHỈ ĐẠO<br/>TRƯỞNG BAN</b><br/><i>(Ký, ghi rõ họ tên, đóng dấu)</i><br/><br/><br/><br/>",
                    styles.center,
                ),
            ]
        ],
        colWidths=BLOCK_WIDTHS,
    )
    signature.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 8 * mm), KeepTogether([signature])]


# ---- the morning brief (issue 14 #2) ------------------------------------------------------------


@dataclass(frozen=True)
class _BriefDocument:
    brief: MorningBrief
    committee: str
    styles: _Styles


def _change(value, other) -> str:
    """``value`` − ``other`` signed (+3, −2, 0), or — when either is unknown."""
    if value is None or other is None:
        return NO_VALUE
    delta = value - other
    if delta == 0:
        return "0"
    return ("+" if delta > 0 else "−") + format_number(abs(delta))


def _local(iso: str | None, fmt: str = "%H:%M %d/%m") -> str:
    return timezone.localtime(datetime.datetime.fromisoformat(iso)).strftime(fmt) if iso else NO_VALUE


def brief_pdf(brief: MorningBrief) -> bytes:
    """The morning brief as a PDF in the administrative layout, always in Vietnamese."""
    with translation.override("vi"):
        _register_fonts()
        doc = _BriefDocument(brief=brief, committee=_committee_name(brief.district), styles=_styles())
        story = [
            *_masthead(doc.styles, brief.district, doc.committee),
            *_brief_title(doc),
            *_brief_figures(doc),
            *_brief_reporting(doc),
            *_brief_urgent(doc),
            *_brief_inspections(doc),
            *_brief_supplies(doc),
        ]
        return _build(story, title=f"Bản tin sáng {brief.day:%d/%m/%Y}", author=doc.committee)


def _brief_title(doc: _BriefDocument) -> list[Flowable]:
    styles, brief = doc.styles, doc.brief
    compiled = timezone.localtime(brief.compiled_at).strftime("%H:%M %d/%m/%Y")
    return [
        Paragraph("BẢN TIN SÁNG", styles.title),
        Paragraph(f"Tình hình phòng, chống dịch COVID-19 ngày {brief.day:%d/%m/%Y}", styles.bold_center),
        Paragraph(f"<i>{_esc(_('Compiled at %(time)s.') % {'time': compiled})}</i>", styles.center),
        Spacer(1, 4 * mm),
    ]


def _brief_figures(doc: _BriefDocument) -> list[Flowable]:
    """I. The key figures of the day against the day before and the same day last week."""
    rows = [[_("Indicator"), _("Unit"), _("The day"), _("Day before"), _("Change"), _("Last week"), _("Change")]]
    for f in doc.brief.content.get("figures", []):
        value = f.get("value")
        rows.append(
            [
                f["name"],
                f.get("unit", ""),
                format_number(value),
                format_number(f.get("day_before")),
                _change(value, f.get("day_before")),
                format_number(f.get("last_week")),
                _change(value, f.get("last_week")),
            ]
        )
    widths = [51 * mm, 20 * mm, 22 * mm, 22 * mm, 18 * mm, 24 * mm, 18 * mm]
    return [_heading(doc, _("I. Key figures")), _table(doc, rows, widths, numeric=(2, 3, 4, 5, 6))]


def _brief_reporting(doc: _BriefDocument) -> list[Flowable]:
    """II. The wards that reported, and those that did not."""
    content = doc.brief.content
    story: list[Flowable] = [_heading(doc, _("II. Reporting by the wards"))]
    text = _("%(submitted)s of %(expected)s wards reported (%(late)s late).") % {
        "submitted": format_number(content.get("submitted", 0)),
        "expected": format_number(content.get("expected", 0)),
        "late": format_number(content.get("late", 0)),
    }
    story.append(_text(doc, text))
    missing = content.get("missing_wards") or []
    if missing:
        story.append(_text(doc, _("Wards that did not report: %(names)s.") % {"names": ", ".join(missing)}))
    return story


def _brief_urgent(doc: _BriefDocument) -> list[Flowable]:
    """III. New urgent reports of the day and whether the committee acknowledged them."""
    heading = _heading(doc, _("III. New urgent reports"))
    urgent = doc.brief.content.get("urgent") or []
    if not urgent:
        return [heading, _text(doc, _("No urgent report in the period."))]
    rows = [[_("Sent at"), _("Ward"), _("Title"), _("Severity"), _("Acknowledged")]]
    for u in urgent:
        ack = _local(u.get("acknowledged_at")) if u.get("acknowledged_at") else _("Not yet")
        rows.append([_local(u.get("submitted_at")), u["ward_name"], u["title"], u["severity_label"], ack])
    return [heading, _table(doc, rows, [24 * mm, 30 * mm, 71 * mm, 22 * mm, 28 * mm])]


def _brief_inspections(doc: _BriefDocument) -> list[Flowable]:
    """IV. Inspections of the day and the violations found."""
    ins = doc.brief.content.get("inspections") or {}
    text = _("%(inspections)s inspections of %(establishments)s establishments; %(violations)s violations found.") % {
        "inspections": format_number(ins.get("inspections", 0)),
        "establishments": format_number(ins.get("establishments_inspected", 0)),
        "violations": format_number(ins.get("violations", 0)),
    }
    return [_heading(doc, _("IV. Inspections")), _text(doc, text)]


def _brief_supplies(doc: _BriefDocument) -> list[Flowable]:
    """V. Supplies lasting fewer days than the threshold at the current rate of distribution."""
    content = doc.brief.content
    heading = _heading(
        doc, _("V. Supplies with less than %(days)s days of cover") % {"days": content.get("low_cover_days", "")}
    )
    low = content.get("low_cover") or []
    if not low:
        return [heading, _text(doc, _("No supplies below the threshold."))]
    rows = [[_("Store"), _("Item"), _("Unit"), _("Stock"), _("Days of cover")]]
    for row in low:
        store = row.get("ward_name") or _("District store")
        cover = format_number(row.get("days_cover"))
        rows.append([store, row["item_name"], row["unit_label"], format_number(row.get("quantity")), cover])
    return [heading, _table(doc, rows, [40 * mm, 60 * mm, 20 * mm, 28 * mm, 27 * mm], numeric=(3, 4))]
