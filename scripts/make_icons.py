"""Draw the installable web app's icons (issue 13) from the portal's mark, static/img/favicon.svg.

    .venv/bin/python scripts/make_icons.py

Pillow cannot read SVG, so the three shapes of favicon.svg (the blue shield, its white inside, the
red cross) are drawn here from the same coordinates (64×64 box, curves sampled), four times larger
than asked and scaled down for smooth edges. Writes static/img/icon-192.png, icon-512.png (the mark
on a transparent background) and icon-maskable-192.png, icon-maskable-512.png (the mark inside the
safe zone, on white to the edges, for launchers that cut icons into circles or squircles).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

IMG = Path(__file__).resolve().parents[1] / "static" / "img"
BLUE, WHITE, RED = (10, 79, 180, 255), (255, 255, 255, 255), (200, 16, 46, 255)
Point = tuple[float, float]


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 24) -> list[Point]:
    out = []
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        out.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return out


def shield(top: float, side: float, shoulder: float, mid: float, bottom: float, c1: float, c2: float) -> list[Point]:
    """A shield symmetric about x=32: top point, shoulders, straight sides to ``mid``, curves to ``bottom``."""
    left, right = 32 - side, 32 + side
    pts: list[Point] = [(32, top), (left, shoulder), (left, mid)]
    pts += bezier((left, mid), (left, mid + c1), (32 - c2, bottom - (bottom - mid) * 0.15), (32, bottom))
    pts += bezier((32, bottom), (32 + c2, bottom - (bottom - mid) * 0.15), (right, mid + c1), (right, mid))
    pts += [(right, shoulder)]
    return pts


OUTER = shield(3, 24, 11, 30, 61, 15.5, 13.7)
INNER = shield(8.3, 19, 14.6, 30, 55.7, 12.6, 11)
CROSS: list[Point] = [(27, 18), (37, 18), (37, 27), (46, 27), (46, 37), (37, 37), (37, 46), (27, 46),
                      (27, 37), (18, 37), (18, 27), (27, 27)]  # fmt: skip


def draw(size: int, maskable: bool) -> Image.Image:
    big = size * 4
    image = Image.new("RGBA", (big, big), WHITE if maskable else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    # Maskable: the mark within the central 60 % (the safe zone is a circle of 80 %).
    scale = big * (0.6 if maskable else 1.0) / 64
    offset = (big - 64 * scale) / 2
    for shape, colour in ((OUTER, BLUE), (INNER, WHITE), (CROSS, RED)):
        pen.polygon([(offset + x * scale, offset + y * scale) for x, y in shape], fill=colour)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    for size in (192, 512):
        draw(size, maskable=False).save(IMG / f"icon-{size}.png", optimize=True)
        draw(size, maskable=True).convert("RGB").save(IMG / f"icon-maskable-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
