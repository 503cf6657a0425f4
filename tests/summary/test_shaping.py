"""The compile's shaping of aggregate rows and the dashboard grid's cells (pure functions, no database)."""

import datetime
from decimal import Decimal

from reports.summary.selectors import shape_ward_figures
from reports.summary.templatetags.summary_tags import grid_cells

SENT = datetime.datetime(2026, 11, 28, 8, 0, tzinfo=datetime.UTC)


def test_ward_rows_become_lines_totals_and_counts():
    rows = [
        (1, "An Biên", 10, False, SENT, {"confirmed_cases": 2, "masks_given": 500, "home_quarantine": Decimal("0.20")}),
        (2, "Cát Dài", 11, True, SENT, {"confirmed_cases": Decimal("0.10"), "masks_given": Decimal("0.2")}),
        (3, "Dư Hàng", None, None, None, None),
    ]
    figures = shape_ward_figures(rows)
    assert figures == shape_ward_figures(list(reversed(rows)))
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
    # Summed exactly (never through floats: 0.1 + 0.2 is 0.3 here), then a whole total is an int.
    assert figures["totals"] == {"confirmed_cases": 2.1, "home_quarantine": 0.2, "masks_given": 500.2}
    assert isinstance(figures["totals"]["masks_given"], float)
    assert (figures["expected"], figures["submitted"], figures["on_time"], figures["late"]) == (3, 2, 1, 1)


def test_json_text_from_a_raw_cursor_is_read_exactly():
    raw = [(1, "An Biên", 10, False, SENT, '{"confirmed_cases": 0.1, "samples_tested": 3.00}')]
    parsed = [(1, "An Biên", 10, False, SENT, {"confirmed_cases": Decimal("0.1"), "samples_tested": Decimal("3.00")})]
    assert shape_ward_figures(raw) == shape_ward_figures(parsed)
    assert shape_ward_figures(raw)["lines"][0]["values"] == {"confirmed_cases": 0.1, "samples_tested": 3}


def test_grid_cells_show_each_state_and_escape_the_ward_name():
    html = grid_cells('<b>"Lạc Viên"</b>', ["on_time", "late", "missing", "none"], ["25/11", "26/11", "27/11", "28/11"])
    assert html.count("<td") == 4
    assert '<span class="badge w-100 text-bg-success" data-state="on_time"' in html
    assert 'class="badge w-100 text-bg-warning" data-state="late"' in html
    assert 'class="badge w-100 text-bg-danger" data-state="missing"' in html
    assert 'class="badge w-100 bg-secondary-subtle text-body" data-state="none"' in html
    assert ">✓</span>" in html and ">!</span>" in html and ">✗</span>" in html and ">·</span>" in html
    assert 'title="&lt;b&gt;&quot;Lạc Viên&quot;&lt;/b&gt; 28/11: ' in html
    assert "<b>" not in html
