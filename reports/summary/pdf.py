"""The summary as a PDF in the Vietnamese administrative report layout (reportlab platypus).

National motto header, the district steering committee's name, number and date, title, sections
(completeness, totals, per-ward table, urgent reports, inspections, supplies) and the signature
block: one function per part, each returning its flowables. DejaVu Serif (vendored in fonts/)
renders every Vietnamese letter. The document is always in Vietnamese, the language of the
administration (numbers too: 12.345 and 2,5).
"""

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
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.formatting import format_number
from inspections.selectors import disinfection_summary
from reports.selectors import indicators_for_kind
from reports.summary.choices import WardStatus
from reports.summary.models import DistrictSummary, DistrictSummaryWard
from reports.summary.selectors import key_indicators, urgent_items
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
    )


@dataclass(frozen=True)
class _Document:
    """What every part reads: the summary, its ward lines (one ward's, or all), the issuing body."""

    summary: DistrictSummary
    lines: list[DistrictSummaryWard]
    ward_line: DistrictSummaryWard | None  # the ward of a ward-only document
    committee: str
    styles: _Styles

    @classmethod
    def of(cls, summary: DistrictSummary, ward_id: int | None) -> "_Document":
        district = summary.district
        lines = [line for line in summary.ward_rows.all() if ward_id is None or line.ward_id == ward_id]
        if ward_id is not None and not lines:
            # A ward-only document of a ward with no line: never fall back to the district's figures.
            raise Http404
        committee = district.committee_name or _("Steering committee for COVID-19 prevention, %(district)s") % {
            "district": district.name
        }
        return cls(
            summary=summary,
            lines=lines,
            ward_line=lines[0] if ward_id is not None and lines else None,
            committee=committee,
            styles=_styles(),
        )


def _esc(text) -> str:
    return escape(str(text))


def summary_pdf(summary: DistrictSummary, *, ward_id: int | None = None) -> bytes:
    """Render the summary (or one ward's part of it) to PDF bytes."""
    with translation.override("vi"):
        return _render(summary, ward_id)


def _render(summary: DistrictSummary, ward_id: int | None) -> bytes:
    _register_fonts()
    doc = _Document.of(summary, ward_id)
    story = [*_header(doc), *_title(doc), *_reporting(doc), *_figures(doc), *_per_ward(doc), *_urgent(doc)]
    if doc.ward_line is None:  # district figures
        story += [*_inspections(doc), *_supplies(doc)]
    story += [*_disinfection(doc), *_leaders(doc)]  # issue 15
    story += _signature(doc)
    return _build(story, title=f"Báo cáo tổng hợp {summary.period_label}", author=doc.committee)


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
    document.build(story)
    return buffer.getvalue()


def _table(doc: _Document, rows: list[list], widths: list[float]) -> Table:
    """A grid with a shaded header row (repeated on each page); cells are text or flowables."""
    styles = doc.styles
    data = [[Paragraph(_esc(c), styles.cell_bold) for c in rows[0]]] + [
        [c if hasattr(c, "wrap") else Paragraph(_esc(c), styles.cell) for c in row] for row in rows[1:]
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


def _heading(doc: _Document, text: str) -> Paragraph:
    return Paragraph(_esc(text), doc.styles.heading)


def _text(doc: _Document, text: str) -> Paragraph:
    return Paragraph(_esc(text), doc.styles.base)


def _header(doc: _Document) -> list[Flowable]:
    """Issuing body (left) and the national motto (right), then number and place/date."""
    styles, district, today = doc.styles, doc.summary.district, timezone.localdate()
    place_date = (
        f"<i>{_esc(district.city or district.name)}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}</i>"
    )
    header = Table(
        [
            [
                Paragraph(f"<b>{_esc(doc.committee.upper())}</b>", styles.bold_center),
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
        status = WardStatus(line.status).label
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
    story.append(_text(doc, counts))
    if summary.missing_wards:
        names = ", ".join(w["name"] for w in summary.missing_wards)
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
    return [_heading(doc, _("II. Figures")), _table(doc, rows, [10 * mm, 105 * mm, 28 * mm, 32 * mm])]


def _per_ward(doc: _Document) -> list[Flowable]:
    """III. Per ward: status and the key indicators (the XLSX export has every indicator)."""
    shown = key_indicators(indicators_for_kind(doc.summary.kind))[:5]
    rows = [[_("Ward"), _("Status")] + [i.name for i in shown]]
    rows += [
        [line.ward.name, str(WardStatus(line.status).label)] + [format_number(line.values.get(i.code)) for i in shown]
        for line in doc.lines
    ]
    rest = 175 - 38 - 22
    widths = [38 * mm, 22 * mm] + [rest / max(len(shown), 1) * mm] * len(shown)
    return [_heading(doc, _("III. Per ward")), _table(doc, rows, widths)]


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
    return [heading, _table(doc, rows, [85 * mm, 25 * mm, 32 * mm, 33 * mm])]


def _ward_id(doc: _Document) -> int | None:
    return doc.ward_line.ward_id if doc.ward_line is not None else None


def _disinfection(doc: _Document) -> list[Flowable]:
    """VII. Disinfection rounds of the period, with the share of sites done per category (issue 15)."""
    summary = doc.summary
    rounds = disinfection_summary(
        district=summary.district_id, start=summary.period_start, end=summary.period_end, ward_id=_ward_id(doc)
    )
    heading = _heading(doc, _("VII. Disinfection rounds"))
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
    """VIII. The leaders in charge of the wards (issue 15)."""
    ward_id = _ward_id(doc)
    leaders = current_leaders(None if ward_id is None else [ward_id], district=doc.summary.district_id)
    heading = _heading(doc, _("VIII. Leaders in charge of the wards"))
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
