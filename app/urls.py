"""What a URL may carry: the path converters every route uses, the request class that
cleans query values, and the parsing of numbers in query arguments.

Odd input in a URL is never an error page: a path value that no row can match is a 404
(the converter refuses it, so the view never runs), and a query value that cannot be what
it names is ignored or clamped.
"""

from flask import Request, current_app
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter, ValidationError
from werkzeug.utils import cached_property

from app.validators import CONTROL_CHARACTER

# The largest value of an SQL INTEGER, the type of every id and number column: PostgreSQL
# refuses a larger parameter for such a column (SQLite stops at 64 bits).
MAX_INTEGER = 2**31 - 1
MAX_PAGE = 1_000_000  # far beyond any list; keeps OFFSET a small number


class TextConverter(UnicodeConverter):
    """The default `<name>` converter: one path segment without control characters (no
    slug or username holds one, and PostgreSQL refuses NUL in text)."""

    def to_python(self, value: str) -> str:
        """`value` itself; a control character makes the rule not match (404)."""
        if CONTROL_CHARACTER.search(value):
            raise ValidationError()
        return value


class IdConverter(IntegerConverter):
    """`<int:name>`: a whole number an INTEGER column can hold; beyond it, 404."""

    def to_python(self, value: str) -> int:
        """`value` as an int; too large (or too long for int()) makes the rule not match."""
        number = super().to_python(value)
        if number > MAX_INTEGER:
            raise ValidationError()
        return number


CONVERTERS = {"default": TextConverter, "string": TextConverter, "int": IdConverter}


def accepts_upload(limit_key: str):
    """Mark a view as taking a file upload whose size the setting `limit_key` bounds
    (IMAGE_MAX_BYTES, IMPORT_MAX_BYTES): its requests may be that much larger than
    MAX_CONTENT_LENGTH (see `CleanRequest.max_content_length`)."""

    def mark(view):
        view.upload_limit_key = limit_key
        return view

    return mark


accepts_image = accepts_upload("IMAGE_MAX_BYTES")


class CleanRequest(Request):
    """Flask's request, with every control character in a query value replaced by U+FFFD:
    a filter or search given one simply matches nothing (PostgreSQL would refuse it); and
    with a larger body limit on the routes that take an image."""

    @property
    def max_content_length(self) -> int | None:
        """MAX_CONTENT_LENGTH, plus the upload limit of the matched view when it is marked
        `accepts_upload`. Decided here, from the route, rather than in the view: the CSRF
        check reads the form before any view runs. A body beyond it is still a 413."""
        limit = super().max_content_length
        upload_limit_key = self._upload_limit_key()
        if self._max_content_length is None and limit is not None and upload_limit_key:
            return limit + current_app.config[upload_limit_key]
        return limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def _upload_limit_key(self) -> str | None:
        if self.url_rule is None or not current_app:
            return None
        view = current_app.view_functions.get(self.url_rule.endpoint)
        return getattr(view, "upload_limit_key", None)

    @cached_property
    def args(self) -> ImmutableMultiDict[str, str]:
        """The query arguments, cleaned."""
        raw = super().args.items(multi=True)
        return ImmutableMultiDict(
            (name, CONTROL_CHARACTER.sub("\ufffd", value)) for name, value in raw
        )


def whole_number(text: str) -> int:
    """`text` as an int an INTEGER column can hold; ValueError otherwise. For
    `request.args.get(name, type=whole_number)`, where junk means the default."""
    number = int(text)  # int() itself refuses junk and numbers of over 4,300 digits
    if abs(number) > MAX_INTEGER:
        raise ValueError(f"{text} is out of range")
    return number


def page_number(text: str) -> int:
    """A page number from a query argument, clamped to 1..MAX_PAGE; ValueError for junk.
    For `values.get("page", 1, type=page_number)`."""
    return max(1, min(int(text), MAX_PAGE))
