"""templates/macros/images.html: images with srcset, sizes and dimensions; without one, a
cover or initials drawn with CSS on a colour pair legible in both schemes."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from app import images

CSS = Path(__file__).parents[2] / "static" / "app.css"
KEY = "0123456789abcdef0123"


def render(app, call: str, **values) -> str:
    source = '{% from "macros/images.html" import poster, avatar %}' + call
    with app.test_request_context():
        return app.jinja_env.from_string(source).render(**values)


def show(**fields):
    values = {"slug": "signal", "title": "Signal", "native_title": "시그널", "poster_key": None}
    return SimpleNamespace(**(values | fields))


@pytest.mark.parametrize(
    ("size", "width", "height", "sizes"),
    [
        ("thumb", 64, 96, "64px"),
        ("card", 160, 240, "160px"),
        ("header", 220, 330, "(min-width: 60rem) 220px, (min-width: 48rem) 176px, 104px"),
    ],
)
def test_poster_image_has_srcset_sizes_and_dimensions(app, size, width, height, sizes):
    html = render(app, "{{ poster(show, size) }}", show=show(poster_key=KEY), size=size)
    srcset = ", ".join(f"/media/{KEY}-{w}.webp {w}w" for w in (160, 320, 640))
    assert f'srcset="{srcset}"' in html
    assert f'src="/media/{KEY}-320.webp"' in html
    assert f'sizes="{sizes}"' in html
    assert f'width="{width}" height="{height}"' in html
    assert 'alt=""' in html and 'decoding="async"' in html
    assert 'loading="lazy"' in html and "fetchpriority" not in html
    assert "cover" not in html and "style=" not in html


def test_eager_header_poster_loads_first(app):
    header = render(app, '{{ poster(s, "header", eager=True) }}', s=show(poster_key=KEY))
    assert 'loading="lazy"' not in header and 'fetchpriority="high"' in header
    card = render(app, '{{ poster(s, "card", eager=True) }}', s=show(poster_key=KEY))
    assert 'loading="lazy"' not in card and "fetchpriority" not in card


def test_without_poster_a_cover_with_both_titles_on_the_slugs_colour(app):
    html = render(app, '{{ poster(s, "card") }}', s=show())
    assert f'class="cover cover-card cover-hue-{images.hue("signal")}"' in html
    assert 'aria-hidden="true"' in html
    assert '<span class="cover-native" lang="ko">시그널</span>' in html
    assert '<span class="cover-title">Signal</span>' in html
    assert "<img" not in html and "style=" not in html
    latin_only = render(app, "{{ poster(s) }}", s=show(native_title=None, title="<Tom & Jerry>"))
    assert "cover-native" not in latin_only
    assert "&lt;Tom &amp; Jerry&gt;" in latin_only  # escaped


def test_covers_of_different_slugs_differ_in_colour(app):
    hues = {images.hue(f"drama-{n}") for n in range(30)}
    assert len(hues) > 6


def test_real_show_renders_its_poster(app, make_show):
    drama = make_show("Move to Heaven", native_title="무브 투 헤븐")
    assert "무브 투 헤븐" in render(app, "{{ poster(s) }}", s=drama)
    drama.poster_key = KEY
    assert f"/media/{KEY}-640.webp 640w" in render(app, "{{ poster(s) }}", s=drama)


@pytest.mark.parametrize(("size", "double"), [(48, 96), (96, 192)])
def test_avatar_image_at_one_and_two_times(app, size, double):
    user = SimpleNamespace(username="minji", avatar_key=KEY)
    html = render(app, "{{ avatar(u, size) }}", u=user, size=size)
    assert f'src="/media/{KEY}-{size}.webp"' in html
    assert f'srcset="/media/{KEY}-{double}.webp 2x"' in html
    assert f'width="{size}" height="{size}"' in html
    assert 'alt=""' in html and 'loading="lazy"' in html


def test_avatar_initials_on_the_usernames_colour(app):
    html = render(app, "{{ avatar(u) }}", u=SimpleNamespace(username="kim_minji", avatar_key=None))
    hue = images.hue("kim_minji")
    assert f'<span class="avatar avatar-48 avatar-hue-{hue}" aria-hidden="true">KM</span>' in html


def covers_css() -> str:
    text = CSS.read_text("utf-8")
    start = text.index("/* Covers and avatars (issue 16, app/images.py) */")
    return text[start : text.index("/* End of covers and avatars. */", start)]


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, two: str) -> float:
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_hue_has_a_pair_with_legible_text():
    css = covers_css()
    text_colours = re.findall(r"(?<![-\w])color: (#[0-9a-f]{6});", css)
    assert len(text_colours) == 2
    assert set(text_colours) == {"#fffdf8"}  # covers and initials: one colour, whatever the scheme
    colour = "(#[0-9a-f]{6})"
    rule = rf"\.cover-hue-(\d+), \.avatar-hue-\1 \{{ --hue-a: {colour}; --hue-b: {colour}; \}}"
    pairs = re.findall(rule, css)
    assert sorted(int(n) for n, _, _ in pairs) == list(range(images.HUES))
    for number, deep, bright in pairs:
        for colour in (deep, bright):
            assert contrast("#fffdf8", colour) >= 4.5, (number, colour)
