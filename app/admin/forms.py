"""The admin's show form. The rules live in app/shows/records.py, shared with the import."""

import re

from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField

from app import images
from app.media.forms import ACCEPT, ImageUpload
from app.models import Show
from app.validators import SiteForm

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")  # more digits are out of every range anyway


class ShowForm(SiteForm):
    """A show's facts as text fields (`to_record_data` turns them into an import
    record), and its poster: a new one, or none any more."""

    slug = StringField("Slug (used in the address, e.g. move-to-heaven)")
    title = StringField("Title")
    native_title = StringField("Native title")
    alt_titles = TextAreaField("Alternative titles (one per line)")
    year = StringField("Year")
    network = StringField("Network")
    episodes = StringField("Number of episodes")
    runtime_minutes = StringField("Minutes per episode")
    genres = StringField("Genres (comma-separated)")
    synopsis = TextAreaField("Synopsis (no spoilers)")
    episode_guide = TextAreaField(
        "Episode titles (one line per episode, in order; 'Title | synopsis' adds a synopsis)"
    )
    poster = FileField(
        "Poster", validators=[ImageUpload(images.POSTER)], render_kw={"accept": ACCEPT}
    )
    remove_poster = BooleanField("Remove the poster (the generated cover shows instead)")

    def to_record_data(self) -> dict:
        """The form's content in the shape `parse_record` checks."""
        return {
            "slug": self.slug.data,
            "title": self.title.data,
            "native_title": self.native_title.data,
            "alt_titles": _lines(self.alt_titles.data),
            "year": _number(self.year.data),
            "network": self.network.data,
            "episodes": _number(self.episodes.data),
            "runtime_minutes": _number(self.runtime_minutes.data),
            "genres": [g.strip() for g in (self.genres.data or "").split(",") if g.strip()],
            "synopsis": self.synopsis.data,
            "episode_guide": [
                _episode(line)
                for line in (self.episode_guide.data or "").split("\n")
                if line.strip()
            ],
        }

    def fill_from(self, show: Show) -> None:
        """Put `show`'s current facts into the fields."""
        self.slug.data = show.slug
        self.title.data = show.title
        self.native_title.data = show.native_title or ""
        self.alt_titles.data = "\n".join(alt.title for alt in show.alt_titles)
        self.year.data = str(show.year or "")
        self.network.data = show.network or ""
        self.episodes.data = str(show.episode_count)
        self.runtime_minutes.data = str(show.runtime_minutes or "")
        self.genres.data = ", ".join(show.genre_names)
        self.synopsis.data = show.synopsis
        self.episode_guide.data = "\n".join(
            f"{e.title} | {e.synopsis}" if e.synopsis else e.title for e in show.episodes
        ).rstrip()


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _number(text: str | None):
    """The whole number written in ASCII digits, else the text itself (or None when
    empty), which `parse_record` refuses with its sentence. Not `str.isdigit()`: it
    accepts "²" and "¹⁹⁹⁹", which int() refuses."""
    text = (text or "").strip()
    return int(text) if WHOLE_NUMBER.fullmatch(text) else (text or None)


def _episode(line: str) -> dict:
    title, _, synopsis = line.partition("|")
    return {"title": title.strip(), "synopsis": synopsis.strip()}
