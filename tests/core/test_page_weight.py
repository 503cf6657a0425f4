"""Light on data (issue 13 #5): the icon subset, what the service worker precaches, compressed pages.

The bytes themselves are measured by benchmarks/page_bytes.py (figures in benchmarks/README.md); these
tests keep the means in place: no icon silently missing from the subset, no committee-only script
in the officer's precache, pages and JSON gzipped with Django's BREACH mitigation, binary downloads
left alone.
"""

import gzip
import json
import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core import pwa
from core.middleware import CompressionMiddleware
from scripts import icon_subset

pytestmark = pytest.mark.django_db


def test_the_committed_icon_subset_is_what_the_script_makes_from_the_templates():
    css, font = icon_subset.build()
    assert icon_subset.SUBSET_CSS.read_text(encoding="utf-8") == css, "run scripts/icon_subset.py"
    assert icon_subset.SUBSET_FONT.read_bytes() == font, "run scripts/icon_subset.py"


def test_every_icon_a_template_or_script_names_is_in_the_subset_css_and_font():
    used = icon_subset.used_icons()
    assert {"bell", "bell-fill", "shield-plus", "exclamation-triangle-fill", "clock-history"} <= set(used)
    css = icon_subset.SUBSET_CSS.read_text(encoding="utf-8")
    in_css = icon_subset.icon_codepoints(css)
    full = icon_subset.icon_codepoints(icon_subset.FULL_CSS.read_text(encoding="utf-8"))
    missing = sorted(set(used) - set(in_css))
    assert not missing, f"icons missing from the subset: {missing} (run scripts/icon_subset.py)"
    assert all(in_css[name] == full[name] for name in in_css)
    font_cmap = icon_subset.cmap_format4(icon_subset.read_woff(icon_subset.SUBSET_FONT.read_bytes())["cmap"])
    assert {in_css[name] for name in used} <= set(font_cmap)
    assert len(font_cmap) == len(set(in_css.values()))  # nothing else


def test_the_subset_font_keeps_the_glyphs_and_metrics_of_the_full_font():
    full = icon_subset.read_woff(icon_subset.FULL_FONT.read_bytes())
    subset = icon_subset.read_woff(icon_subset.SUBSET_FONT.read_bytes())
    full_cmap, subset_cmap = icon_subset.cmap_format4(full["cmap"]), icon_subset.cmap_format4(subset["cmap"])

    def glyph(tables, gid):
        count = int.from_bytes(tables["maxp"][4:6])
        loca = [int.from_bytes(tables["loca"][4 * i : 4 * i + 4]) for i in range(count + 1)]
        data = tables["glyf"][loca[gid] : loca[gid + 1]]
        return data.rstrip(b"\0"), tables["hmtx"][4 * gid : 4 * gid + 4]

    for code, gid in subset_cmap.items():
        assert glyph(subset, gid) == glyph(full, full_cmap[code])
    assert subset["head"][18:20] == full["head"][18:20]  # units per em


def test_an_icon_name_completed_by_the_template_counts_both_names(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "a.html").write_text(
        '<i class="bi bi-bell{% if unread %}-fill{% endif %}"></i> <i class="bi bi-x-lg"></i> '
        '<span class="{% if ok %}bi-check{% else %}bi-x{% endif %}"></span>'
    )
    assert set(icon_subset.used_icons(tmp_path)) == {"bell", "bell-fill", "x-lg", "check", "x"}


def test_an_icon_name_the_script_cannot_read_stops_it(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "a.html").write_text('<i class="bi bi-arrow{{ direction }}"></i>')
    with pytest.raises(SystemExit, match="templates/a.html"):
        icon_subset.used_icons(tmp_path)


def test_pages_load_the_icon_subset_not_the_whole_font(client):
    html = client.get("/accounts/login/").content.decode()
    assert "bootstrap-icons-portal.css" in html
    assert "bootstrap-icons.min.css" not in html


def test_the_precache_is_the_officers_shell_without_the_committees_charts():
    urls = pwa.shell_urls()
    assert not [
        url for url in urls if re.search(r"chart|dashboard|htmx|bootstrap-icons\.(min\.css|woff)|icon-(192|512)", url)
    ]
    assert "/static/vendor/bootstrap-icons/fonts/bootstrap-icons-portal.woff" in urls
    assert "/static/js/reports.js" in urls and "/offline/" in urls


def test_pages_are_gzipped_with_the_breach_mitigation(officer_client):
    response = officer_client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = response.content
    assert body[3] & 0x08, "Heal the Breach: a random file name in the gzip header"
    html = gzip.decompress(body).decode()
    assert 'data-testid="home-heading"' in html
    assert len(body) * 3 < len(html)
    assert "Content-Encoding" not in officer_client.get("/")  # a client that did not ask


def test_json_is_gzipped_and_binary_downloads_are_left_alone():
    middleware = CompressionMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    text = json.dumps({"ward": "An Biên", "values": list(range(300))})
    compressed = middleware.process_response(request, HttpResponse(text, content_type="application/json"))
    assert compressed["Content-Encoding"] == "gzip" and json.loads(gzip.decompress(compressed.content)) == json.loads(
        text
    )
    for content_type in (
        "application/pdf",
        "image/jpeg",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ):
        response = middleware.process_response(request, HttpResponse(b"x" * 5000, content_type=content_type))
        assert not response.has_header("Content-Encoding") and response.content == b"x" * 5000
