"""The portal's icon font: only the Bootstrap Icons the templates use (issue 13 #5, light on data).

    .venv/bin/python scripts/icon_subset.py          # rewrite the subset after adding an icon to a template
    .venv/bin/python scripts/icon_subset.py --check  # exit 1 if the committed subset is out of date

The full font (``static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff``, 2,000 icons, 134 KB as
WOFF2) stays vendored as the source; pages load ``bootstrap-icons-portal.css`` and its WOFF font,
which hold the same glyphs, metrics and CSS rules for the icons named ``bi-*`` in the templates and
scripts, and nothing else. Same markup (``<i class="bi bi-house">``), same rendering. Standard library
only: the WOFF 1.0 font is read, its TrueType tables subset (``glyf``/``loca``/``hmtx``/``cmap``/
``maxp``/``hhea``/``post``) and written back as WOFF 1.0 (zlib). The output is deterministic, so
``--check`` (and tests/core/test_page_weight.py) can compare it byte for byte.
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "static" / "vendor" / "bootstrap-icons"
FULL_CSS = VENDOR / "bootstrap-icons.min.css"
FULL_FONT = VENDOR / "fonts" / "bootstrap-icons.woff"
SUBSET_CSS = VENDOR / "bootstrap-icons-portal.css"
SUBSET_FONT = VENDOR / "fonts" / "bootstrap-icons-portal.woff"
# Where icons are named: every template and the portal's own scripts (not the vendored libraries).
SOURCES = ("templates/**/*.html", "*/templates/**/*.html", "static/js/**/*.js")
ICON_CLASS = re.compile(r"(?<![\w-])bi-([a-z0-9]+(?:-[a-z0-9]+)*)(\{[%{])?")
# A name completed by the template: ``bi-bell{% if unread %}-fill{% endif %}`` (both names are used).
IF_TAG = re.compile(r"\{%\s*if\b")
SUFFIX = re.compile(r"\{%\s*if\b[^%]*%\}(-[a-z0-9-]+)?(?:\{%\s*else\s*%\}(-[a-z0-9-]+)?)?\{%\s*endif\s*%\}")
CSS_RULE = re.compile(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')
BASE_RULE = re.compile(r"\.bi::before,[^{]*\{[^}]*\}")


def used_icons(root: Path = ROOT) -> dict[str, list[str]]:
    """Every ``bi-*`` icon named in the templates and scripts, with the files naming it."""
    found: dict[str, list[str]] = {}
    for pattern in SOURCES:
        for path in sorted(root.glob(pattern)):
            if ".venv" in path.parts or "staticfiles" in path.parts:
                continue
            relative = str(path.relative_to(root))
            text = path.read_text(encoding="utf-8")
            for match in ICON_CLASS.finditer(text):
                for name in _names(match, text, relative):
                    found.setdefault(name, [])
                    if relative not in found[name]:
                        found[name].append(relative)
    return dict(sorted(found.items()))


def _names(match: re.Match[str], text: str, where: str) -> list[str]:
    name, tag = match.group(1), match.group(2)
    at = match.end() - 2
    if not tag or (tag == "{%" and not IF_TAG.match(text, at)):
        return [name]  # the name ends where a tag such as {% else %} or {% endif %} begins
    completed = SUFFIX.match(text, at) if tag == "{%" else None
    if completed is None:
        raise SystemExit(
            f"{where}: an icon name built by the template (bi-{name}{tag}…) that this script cannot read; "
            "write it as bi-NAME{% if … %}-SUFFIX{% endif %} or name each icon in full"
        )
    return [name + (suffix or "") for suffix in completed.groups()]


def icon_codepoints(css: str) -> dict[str, int]:
    """``name → code point`` of every icon rule in a Bootstrap Icons stylesheet."""
    return {name: int(code, 16) for name, code in CSS_RULE.findall(css)}


# --- WOFF 1.0 and TrueType tables ---------------------------------------------------------------


def read_woff(data: bytes) -> dict[str, bytes]:
    signature, _flavor, _length, count = struct.unpack(">4sIIH", data[:14])
    if signature != b"wOFF":
        raise ValueError("not a WOFF 1.0 font")
    tables = {}
    for i in range(count):
        tag, offset, comp_length, orig_length, _checksum = struct.unpack(">4sIIII", data[44 + 20 * i : 64 + 20 * i])
        raw = data[offset : offset + comp_length]
        tables[tag.decode("latin-1")] = zlib.decompress(raw) if comp_length < orig_length else raw
    return tables


def cmap_format4(cmap: bytes) -> dict[int, int]:
    """``code point → glyph id`` from the Windows BMP subtable (3, 1), format 4."""
    _version, count = struct.unpack(">HH", cmap[:4])
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * i : 12 + 8 * i])
        if (platform, encoding) == (3, 1):
            break
    else:
        raise ValueError("no (3, 1) cmap subtable")
    table = cmap[offset:]
    if struct.unpack(">H", table[:2])[0] != 4:
        raise ValueError("the (3, 1) cmap subtable is not format 4")
    segments = struct.unpack(">H", table[6:8])[0] // 2
    ends = struct.unpack(f">{segments}H", table[14 : 14 + 2 * segments])
    at = 16 + 2 * segments
    starts = struct.unpack(f">{segments}H", table[at : at + 2 * segments])
    deltas = struct.unpack(f">{segments}h", table[at + 2 * segments : at + 4 * segments])
    range_at = at + 4 * segments
    ranges = struct.unpack(f">{segments}H", table[range_at : range_at + 2 * segments])
    mapping = {}
    for seg in range(segments):
        for code in range(starts[seg], ends[seg] + 1):
            if code == 0xFFFF:
                continue
            if ranges[seg] == 0:
                glyph = (code + deltas[seg]) & 0xFFFF
            else:
                where = range_at + 2 * seg + ranges[seg] + 2 * (code - starts[seg])
                glyph = struct.unpack(">H", table[where : where + 2])[0]
                glyph = (glyph + deltas[seg]) & 0xFFFF if glyph else 0
            if glyph:
                mapping[code] = glyph
    return mapping


def build_cmap(mapping: dict[int, int]) -> bytes:
    """A format 4 subtable, one segment per code point, for (0, 3) and (3, 1)."""
    codes = sorted(mapping)
    ends = [*codes, 0xFFFF]
    starts = [*codes, 0xFFFF]
    deltas = [(mapping[c] - c) & 0xFFFF for c in codes] + [1]
    segments = len(ends)
    power = 1
    while power * 2 <= segments:
        power *= 2
    body = struct.pack(">HHHH", segments * 2, power * 2, power.bit_length() - 1, segments * 2 - power * 2)
    body += struct.pack(f">{segments}H", *ends) + b"\0\0" + struct.pack(f">{segments}H", *starts)
    body += struct.pack(f">{segments}H", *deltas) + struct.pack(f">{segments}H", *([0] * segments))
    subtable = struct.pack(">HHH", 4, 6 + len(body), 0) + body
    header = struct.pack(">HH", 0, 2) + struct.pack(">HHI", 0, 3, 20) + struct.pack(">HHI", 3, 1, 20)
    return header + subtable


def subset_tables(tables: dict[str, bytes], codepoints: list[int]) -> dict[str, bytes]:
    glyph_count = struct.unpack(">H", tables["maxp"][4:6])[0]
    if struct.unpack(">h", tables["head"][50:52])[0] != 1:
        raise ValueError("expected long loca offsets")
    loca = struct.unpack(f">{glyph_count + 1}I", tables["loca"][: 4 * (glyph_count + 1)])
    metrics_count = struct.unpack(">H", tables["hhea"][34:36])[0]
    if metrics_count != glyph_count:
        raise ValueError("expected one horizontal metric per glyph")
    hmtx = tables["hmtx"]
    mapping = cmap_format4(tables["cmap"])
    old_glyphs = [0] + [mapping[code] for code in codepoints]  # .notdef first
    glyf, new_loca, new_hmtx = b"", [0], b""
    for old in old_glyphs:
        data = tables["glyf"][loca[old] : loca[old + 1]]
        if data and struct.unpack(">h", data[:2])[0] < 0:
            raise ValueError(f"glyph {old} is composite; this subsetter copies simple glyphs only")
        glyf += data + b"\0" * (-len(data) % 4)
        new_loca.append(len(glyf))
        new_hmtx += hmtx[4 * old : 4 * old + 4]
    count = len(old_glyphs)
    head = bytearray(tables["head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set once the font is assembled
    hhea = bytearray(tables["hhea"])
    hhea[34:36] = struct.pack(">H", count)
    maxp = bytearray(tables["maxp"])
    maxp[4:6] = struct.pack(">H", count)
    os2 = bytearray(tables["OS/2"])
    os2[64:68] = struct.pack(">HH", min(codepoints), max(codepoints))
    post = bytearray(tables["post"][:32])
    post[0:4] = struct.pack(">I", 0x00030000)  # no glyph names
    return {
        "OS/2": bytes(os2),
        "cmap": build_cmap({code: i + 1 for i, code in enumerate(codepoints)}),
        "glyf": glyf,
        "head": bytes(head),
        "hhea": bytes(hhea),
        "hmtx": new_hmtx,
        "loca": struct.pack(f">{count + 1}I", *new_loca),
        "maxp": bytes(maxp),
        "name": tables["name"],
        "post": bytes(post),
    }


def checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def sfnt(tables: dict[str, bytes]) -> bytes:
    """The TrueType file (head's checkSumAdjustment set) for the tables."""
    tags = sorted(tables)
    power = 1
    while power * 2 <= len(tags):
        power *= 2
    header = struct.pack(
        ">IHHHH", 0x00010000, len(tags), power * 16, power.bit_length() - 1, len(tags) * 16 - power * 16
    )
    offset = 12 + 16 * len(tags)
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("latin-1"), checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    head_at = offset + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[: tags.index("head")])
    font[head_at + 8 : head_at + 12] = struct.pack(">I", (0xB1B0AFBA - checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def woff(font: bytes) -> bytes:
    """WOFF 1.0 wrapping of a TrueType file: each table zlib-compressed when that is smaller."""
    count = struct.unpack(">H", font[4:6])[0]
    entries = []
    for i in range(count):
        tag, check, offset, length = struct.unpack(">4sIII", font[12 + 16 * i : 28 + 16 * i])
        data = font[offset : offset + length]
        packed = zlib.compress(data, 9)
        entries.append((tag, check, length, packed if len(packed) < length else data))
    offset = 44 + 20 * count
    directory, body = b"", b""
    for tag, check, length, data in entries:
        directory += struct.pack(">4sIIII", tag, offset + len(body), len(data), length, check)
        body += data + b"\0" * (-len(data) % 4)
    total = 44 + len(directory) + len(body)
    header = struct.pack(">4sIIHHIHHIIIII", b"wOFF", 0x00010000, total, count, 0, len(font), 1, 0, 0, 0, 0, 0, 0)
    return header + directory + body


# --- the subset -----------------------------------------------------------------------------------


def build(root: Path = ROOT) -> tuple[str, bytes]:
    """The subset stylesheet and font for the icons the portal uses."""
    full_css = (root / FULL_CSS.relative_to(ROOT)).read_text(encoding="utf-8")
    known = icon_codepoints(full_css)
    used = used_icons(root)
    unknown = sorted(set(used) - set(known))
    if unknown:
        where = "; ".join(f"bi-{name} in {', '.join(used[name])}" for name in unknown)
        raise SystemExit(f"not a Bootstrap Icons icon: {where}")
    names = sorted(used, key=lambda name: (known[name], name))
    codepoints = sorted({known[name] for name in names})
    tables = read_woff((root / FULL_FONT.relative_to(ROOT)).read_bytes())
    font = woff(sfnt(subset_tables(tables, codepoints)))
    base = BASE_RULE.search(full_css)
    if base is None:
        raise SystemExit("the .bi::before rule is missing from the vendored stylesheet")
    version = re.search(r"Bootstrap Icons v([\d.]+)", full_css)
    css = (
        f"/* Bootstrap Icons v{version.group(1) if version else '?'} (MIT), the {len(names)} icons the portal uses:"
        " generated by scripts/icon_subset.py, do not edit. */\n"
        '@font-face{font-display:block;font-family:bootstrap-icons;src:url("fonts/bootstrap-icons-portal.woff")'
        ' format("woff")}\n' + base.group(0) + "\n"
    )
    css += "".join(f'.bi-{name}::before{{content:"\\{known[name]:x}"}}\n' for name in names)
    return css, font


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed subset is out of date")
    args = parser.parse_args()
    css, font = build()
    if args.check:
        stale = [
            str(path.relative_to(ROOT))
            for path, content in ((SUBSET_CSS, css.encode()), (SUBSET_FONT, font))
            if not path.exists() or path.read_bytes() != content
        ]
        if stale:
            print("out of date (run scripts/icon_subset.py):", ", ".join(stale))
            return 1
        print("icon subset up to date")
        return 0
    SUBSET_CSS.write_text(css, encoding="utf-8")
    SUBSET_FONT.write_bytes(font)
    print(f"{SUBSET_CSS.relative_to(ROOT)}: {len(css):,} bytes; {SUBSET_FONT.relative_to(ROOT)}: {len(font):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
