"""What the app accepts from a request before a view sees it.

- Ids: `<int:...>` is bounded to what an id column holds. Every primary key is an SQL INTEGER,
  which PostgreSQL stores in 32 bits (an id of 2^31 raises DataError, one above 2^63
  overflows SQLite's driver); a larger number names nothing, so the route answers 404.
  `parse_id` does the same for ids in query strings and forms.
- Text: no NUL character reaches a view, in a URL segment (404), a query string, a form or a
  JSON body (removed). No person types one, and PostgreSQL refuses to store or even compare
  one, which made any text field a 500.
"""

from flask import Flask, Request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter, ValidationError

MAX_ID = 2**31 - 1
NUL = "\x00"


class IdConverter(IntegerConverter):
    """`<int:...>` with a default maximum of MAX_ID (an explicit `max=` still wins)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


class TextConverter(UnicodeConverter):
    def to_python(self, value: str) -> str:
        if NUL in value:
            raise ValidationError()
        return value


class PathTextConverter(PathConverter):
    def to_python(self, value: str) -> str:
        if NUL in value:
            raise ValidationError()
        return value


def parse_id(value) -> int | None:
    """An id from a query string or form field: a positive number within MAX_ID, else None
    (callers then ignore the parameter or answer 404)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def _without_nul(value):
    if isinstance(value, str):
        return value.replace(NUL, "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


class TextValues(ImmutableMultiDict):
    """Query-string and form values (and names) without NUL characters; files untouched."""

    def __init__(self, mapping=None):
        super().__init__([(_without_nul(k), _without_nul(v))
                          for k, v in iter_multi_items(mapping or ())])


class InputRequest(Request):
    parameter_storage_class = TextValues

    # An upload cut off by its sender (cancelled, connection lost) ends the parsing midway:
    # werkzeug then drops the temporary files it had opened without closing them. Each is
    # kept here and closed with the request.
    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        stream = super()._get_file_stream(total_content_length, content_type, filename,
                                          content_length)
        self.__dict__.setdefault("_upload_streams", []).append(stream)
        return stream

    def close(self) -> None:
        super().close()
        for stream in self.__dict__.pop("_upload_streams", []):
            stream.close()


class InputJSON(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        return _without_nul(super().loads(s, **kwargs))


def init_app(app: Flask) -> None:
    """Before any rule is added: the converters are looked up when a rule is."""
    app.url_map.converters.update(int=IdConverter, default=TextConverter,
                                  string=TextConverter, path=PathTextConverter)
    app.request_class = InputRequest
    app.json = InputJSON(app)
