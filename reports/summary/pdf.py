"""The summary as a PDF in the Vietnamese administrative report layout (reportlab platypus).

National motto header, the district steering committee's name, number and date, title, sections
(completeness, totals, per-ward table, urgent reports, inspections, supplies) and the signature
block. DejaVu Serif (vendored in fonts/) renders every Vietnamese letter. The document is always
in Vietnamese, the language of the administration.
"""

import io
from functools import cache
from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.summary.choices import WardStatus
from reports.summary.models import DistrictSummary
from reports.summary.selectors import key_indicators

FONTS = Path(__file__).resolve().parent / "fonts"
MOTTO_COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@cache
def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONTS / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Bold", str(FONTS / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSerif-Italic", str(FONTS / "DejaVuSerif-Italic.ttf")))
    addMapping("DejaVuSerif", 0, 0, "DejaVuSerif")
    addMapping("DejaVuSerif", 1, 0, "DejaVuSerif-Bold")
    addMapping("DejaVuSerif", 0, 1, "DejaVuSerif-Italic")
    addMapping("DejaVuSerif", 1, 1, "DejaVuSerif-Bold")


def number(value) -> str:
    """12345 → "12.345", 2.5 → "2,5" (Vietnamese separators); None → "—"."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(value):,}".replace(",", ".")


def _esc(text) -> str:
    from xml.sax.saxutils import escape

    return escape(str(text))


def summary_pdf(summary: DistrictSummary, *, ward_id: int | None = None) -> bytes:
    """Render the summary (or one ward's part of it) to PDF bytes."""
    with translation.override("vi"):
        return _render(summary, ward_id)


def _render(summary: DistrictSummary, ward_id: int | None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from reports.selectors import indicators_for_kind
    from reports.summary.exports import urgent_items

    _register_fonts()
    base = ParagraphStyle("base", fontName="DejaVuSerif", fontSize=10.5, leading=14)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    bold_center = ParagraphStyle("boldc", parent=center, fontName="DejaVuSerif-Bold")
    title = ParagraphStyle("title", parent=bold_center, fontSize=14, leading=19, spaceBefore=6)
    heading = ParagraphStyle("heading", parent=base, fontName="DejaVuSerif-Bold", spaceBefore=8, spaceAfter=4)
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, alignment=TA_LEFT)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName="DejaVuSerif-Bold")

    district = summary.district
    lines = [line for line in summary.ward_rows.all() if ward_id is None or line.ward_id == ward_id]
    ward_line = lines[0] if ward_id is not None and lines else None
    committee = district.committee_name or _("Steering committee for COVID-19 prevention, %(district)s") % {
        "district": district.name
    }
    today = timezone.localdate()
    story = []

    # Header: issuing body (left) and the national motto (right), then number and place/date.
    header = Table(
        [
            [
                Paragraph(f"<b>{_esc(committee.upper())}</b>", bold_center),
                Paragraph(f"<b>{MOTTO_COUNTRY}</b><br/><b>{MOTTO}</b>", bold_center),
            ],
            [
                Paragraph("Số:" + "&nbsp;" * 12 + "/BC-BCĐ", center),
                Paragraph(
                    f"<i>{_esc(district.city or district.name)}, ngày {today.day:02d} tháng {today.month:02d} "
                    f"năm {today.year}</i>",
                    center,
                ),
            ],
        ],
        colWidths=[80 * mm, 95 * mm],
    )
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black)]))
    story += [header, Spacer(1, 6 * mm)]

    period = summary.period_label
    story.append(Paragraph("BÁO CÁO", title))
    story.append(Paragraph("Tổng hợp tình hình phòng, chống dịch COVID-19", bold_center))
    subtitle = _("%(kind)s report, period %(period)s (%(start)s – %(end)s)") % {
        "kind": str(summary.get_kind_display()).lower(),
        "period": period,
        "start": summary.period_start.strftime("%d/%m/%Y"),
        "end": summary.period_end.strftime("%d/%m/%Y"),
    }
    if ward_line is not None:
        subtitle += " · " + ward_line.ward.name
    story.append(Paragraph(_esc(subtitle), center))
    compiled = timezone.localtime(summary.compiled_at).strftime("%H:%M %d/%m/%Y")
    story.append(Paragraph(f"<i>{_esc(_('Compiled at %(time)s.') % {'time': compiled})}</i>", center))
    story.append(Spacer(1, 4 * mm))

    def table(rows, widths, header_rows=1, numeric_from=None):
        data = [[Paragraph(_esc(c), cell_bold) for c in rows[0]]] + [
            [c if hasattr(c, "wrap") else Paragraph(_esc(c), cell) for c in row] for row in rows[1:]
        ]
        t = Table(data, colWidths=widths, repeatRows=header_rows)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        t.setStyle(TableStyle(style))
        return t

    # I. Completeness and timeliness.
    story.append(Paragraph(_esc(_("I. Reporting by the wards")), heading))
    if ward_line is not None:
        status = WardStatus(ward_line.status).label
        sent = timezone.localtime(ward_line.submitted_at).strftime("%H:%M %d/%m/%Y") if ward_line.submitted_at else "—"
        story.append(
            Paragraph(_esc(_("Status: %(status)s; submitted at %(at)s.") % {"status": status, "at": sent}), base)
        )
    else:
        story.append(
            Paragraph(
                _esc(
                    _(
                        "%(submitted)s of %(expected)s wards submitted (%(rate)s%%); %(on_time)s on time, "
                        "%(late)s late, %(missing)s missing."
                    )
                    % {
                        "submitted": summary.submitted,
                        "expected": summary.expected,
                        "rate": number(summary.completeness_rate or 0),
                        "on_time": summary.on_time,
                        "late": summary.late,
                        "missing": summary.missing,
                    }
                ),
                base,
            )
        )
        if summary.missing_wards:
            names = ", ".join(w["name"] for w in summary.missing_wards)
            story.append(Paragraph(_esc(_("Wards missing: %(names)s.") % {"names": names}), base))
        if summary.late_wards:
            names = ", ".join(w["name"] for w in summary.late_wards)
            story.append(Paragraph(_esc(_("Wards late: %(names)s.") % {"names": names}), base))

    # II. Totals per indicator.
    indicators = indicators_for_kind(summary.kind)
    values = ward_line.values if ward_line is not None else summary.totals
    story.append(Paragraph(_esc(_("II. Figures")), heading))
    rows = [["#", _("Indicator"), _("Unit"), _("Value")]]
    rows += [[str(n), i.name, i.unit, number(values.get(i.code))] for n, i in enumerate(indicators, 1)]
    story.append(table(rows, [10 * mm, 105 * mm, 28 * mm, 32 * mm]))

    # III. Per ward (the key indicators; the XLSX export has every indicator).
    shown = key_indicators(indicators)[:5]
    story.append(Paragraph(_esc(_("III. Per ward")), heading))
    rows = [[_("Ward"), _("Status")] + [i.name for i in shown]]
    for line in lines:
        rows.append(
            [line.ward.name, str(WardStatus(line.status).label)] + [number(line.values.get(i.code)) for i in shown]
        )
    rest = 175 - 38 - 22
    story.append(table(rows, [38 * mm, 22 * mm] + [rest / max(len(shown), 1) * mm] * len(shown)))

    # IV. Urgent reports.
    story.append(Paragraph(_esc(_("IV. Urgent reports")), heading))
    urgent = [u for u in urgent_items(summary) if ward_line is None or u.get("ward_name") == ward_line.ward.name]
    if urgent:
        rows = [[_("Sent at"), _("Ward"), _("Title"), _("Severity"), _("Acknowledged")]]
        for u in urgent:
            sent = timezone.localtime(u["submitted_at"]).strftime("%H:%M %d/%m") if u["submitted_at"] else "—"
            ack = (
                timezone.localtime(u["acknowledged_at"]).strftime("%H:%M %d/%m")
                if u["acknowledged_at"]
                else _("Not yet")
            )
            rows.append([sent, u["ward_name"], u["title"], u["severity_label"], ack])
        story.append(table(rows, [24 * mm, 30 * mm, 71 * mm, 22 * mm, 28 * mm]))
    else:
        story.append(Paragraph(_esc(_("No urgent report in the period.")), base))

    if ward_line is None:
        # V. Inspections and VI. supplies (district figures).
        story.append(Paragraph(_esc(_("V. Inspections")), heading))
        ins = summary.inspections or {}
        if ins:
            story.append(
                Paragraph(
                    _esc(
                        _(
                            "%(inspections)s inspections of %(establishments)s establishments; %(violations)s violations found."
                        )
                        % {
                            "inspections": number(ins.get("inspections", 0)),
                            "establishments": number(ins.get("establishments_inspected", 0)),
                            "violations": number(ins.get("violations", 0)),
                        }
                    ),
                    base,
                )
            )
        else:
            story.append(Paragraph(_esc(_("No inspection figures.")), base))
        story.append(Paragraph(_esc(_("VI. Supplies distributed")), heading))
        if summary.supplies:
            rows = [[_("Item"), _("Unit"), _("Quantity"), _("People reached")]]
            for item in summary.supplies:
                rows.append(
                    [item.get("item_name_vi") or item.get("item_code", ""), item.get("unit", ""),
                     number(item.get("quantity")), number(item.get("people_reached"))]
                )  # fmt: skip
            story.append(table(rows, [85 * mm, 25 * mm, 32 * mm, 33 * mm]))
        else:
            story.append(Paragraph(_esc(_("No supplies distributed in the period.")), base))

    # Signature block: recipients (left), the committee's head (right).
    signature = Table(
        [
            [
                Paragraph("<b><i>Nơi nhận:</i></b><br/>- UBND quận;<br/>- Các thành viên BCĐ;<br/>- Lưu: VT.", cell),
                Paragraph(
                    "<b>TM. BAN CHỈ ĐẠO<br/>TRƯỞNG BAN</b><br/><i>(Ký, ghi rõ họ tên, đóng dấu)</i><br/><br/><br/><br/>",
                    center,
                ),
            ]
        ],
        colWidths=[80 * mm, 95 * mm],
    )
    signature.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 8 * mm), KeepTogether([signature])]

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Báo cáo tổng hợp {period}",
        author=committee,
    )
    doc.build(story)
    return buffer.getvalue()
