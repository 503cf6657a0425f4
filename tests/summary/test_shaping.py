"""The compile's shaping of aggregate rows and the dashboard grid's cells (pure functions, no database)."""

import datetime
from decimal import Decimal

from reports.summary.selectors import shape_ward_figures
from reports.summary.templatetags.summary_tags import grid_cells

SENT = datetime.datetime(2026, 11, 28, 8, 0, tzinfo=datetime.UTC)


def test_rows_of_one_ward_need_not_come_together():
    rows = [
        (1, "An Biên", 10, False, SENT, "confirmed_cases", Decimal("2.00")),
        (2, "Cát Dài", 11, True, SENT, "confirmed_cases", Decimal("0.10")),
        (1, "An Biên", 10, False, SENT, "masks_given", Decimal("500.00")),
        (3, "Dư Hàng", None, None, None, None, None),
        (2, "Cát Dài", 11, True, SENT, "masks_given", Decimal("0.20")),
        (1, "An Biên", 10, False, SENT, "home_quarantine", Decimal("0.20")),
    ]
    figures = shape_ward_figures(rows)
    assert figures == shape_ward_figures(sorted(rows, key=lambda r: (r[0], r[5] or "")))
    lines = {line["name"]: line for line in figures["lines"]}
    assert [line["name"] for line in figures["lines"]] == ["An Biên", "Cát Dài", "Dư Hàng"]
    assert lines["An Biên"]["values"] == {"confirmed_cases": 2, "masks_given": 500, "home_quarantine": 0.2}
    assert isinstance(lines["An Biên"]["values"]["confirmed_cases"], int)
    assert (lines["An Biên"]["status"], lines["Cát Dài"]["status"], lines["Dư Hàng"]["status"]) == (
        "on_time",
        "late",
        "missing",
    )
    assert lines["Dư Hàng"]["values"] == {}
    # Summed exactly (Decimals), then a whole total is an int.
    assert figures["totals"] == {"confirmed_cases": 2.1, "home_quarantine": 0.2, "masks_given": 500.2}
    assert (figures["expected"], figures["submitted"], figures["on_time"], figures["late"]) == (3, 2, 1, 1)


def test_grid_cells_show_each_state_and_escape_the_ward_name():
    html = grid_cells('<b>"Lạc Viên"</b>', ["on_time", "late", "missing", "none"], ["25/11", "26/11", "27/11", "28/11"])
    assert html.count("<td") == 4
    assert '<span class="badge w-100 text-bg-success" data-state="on_time"' in html
    assert 'class="badge w-100 text-bg-warning" data-state="late"' in html
    assert 'class="badge w-100 text-bg-danger" data-state="missing"' in html
    assert 'class="badge w-100 bg-secondary-subtle text-body" data-state="none"' in html
    assert ">✓</span>" in html and ">!</span>" in html and ">✗</span>" in html and ">·</span>" in html
    assert 'title="&lt;b&gt;&quot;Lạc Viên&quot;&lt;/b&gt; 28/11"' in html
    assert "<b>" not in html
