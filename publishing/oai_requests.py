"""The arguments of an OAI-PMH request (publishing.oai): the verb and its arguments checked
(badVerb, badArgument), a list request's selection, and its resumption tokens.

A token is signed (a made-up one is a badResumptionToken) and holds the request with the last
(datestamp, id) sent and the list's size when it began, never an offset.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

# verb: (required arguments, optional arguments, the exclusive argument)
VERBS = {
    "Identify": ((), (), None),
    "ListMetadataFormats": ((), ("identifier",), None),
    "ListSets": ((), (), "resumptionToken"),
    "ListIdentifiers": (("metadataPrefix",), ("from", "until", "set"), "resumptionToken"),
    "ListRecords": (("metadataPrefix",), ("from", "until", "set"), "resumptionToken"),
    "GetRecord": (("identifier", "metadataPrefix"), (), None),
}


class OaiError(Exception):
    """A protocol error, answered as an <error> of the OAI-PMH response (HTTP 200)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Selection:
    """What a list request asks for, and where its previous page ended."""

    verb: str
    prefix: str
    set: str | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive
    after: tuple[datetime, int] | None = None
    cursor: int = 0
    total: int | None = None  # the list's size when its first page was given


def _tokens() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="oai-pmh")


# --------------------------------------------------------------------------- arguments


def _moment(value: str, name: str) -> tuple[datetime, timedelta]:
    """A from/until value and the step of its granularity (a day or a second)."""
    for pattern, step in (("%Y-%m-%d", timedelta(days=1)),
                          ("%Y-%m-%dT%H:%M:%SZ", timedelta(seconds=1))):
        try:
            return datetime.strptime(value, pattern), step
        except ValueError:
            continue
    raise OaiError("badArgument", f"{name} must be a UTC date or time like 2026-01-01 or "
                                  f"2026-01-01T08:00:00Z")


def _selection(verb: str, args: dict) -> Selection:
    if "resumptionToken" in args:
        return _resume(verb, args["resumptionToken"])
    start = end = None
    if "from" in args:
        start, step = _moment(args["from"], "from")
    if "until" in args:
        until, until_step = _moment(args["until"], "until")
        if start is not None and until_step != step:
            raise OaiError("badArgument", "from and until must have the same granularity")
        if start is not None and until < start:
            raise OaiError("badArgument", "from must not be later than until")
        end = until + until_step
    return Selection(verb, args["metadataPrefix"], args.get("set"), start, end)


def arguments(params) -> tuple[str, dict]:
    """The verb and its arguments, checked (badVerb, badArgument)."""
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "the verb is missing, repeated or not an OAI-PMH verb")
    verb = verbs[0]
    required, optional, exclusive = VERBS[verb]
    args = {}
    for key in params:
        if key == "verb":
            continue
        if key not in (*required, *optional, exclusive):
            raise OaiError("badArgument", f"{key} is not an argument of {verb}")
        values = params.getlist(key)
        if len(values) > 1:
            raise OaiError("badArgument", f"{key} is repeated")
        args[key] = values[0]
    if exclusive in args and len(args) > 1:
        raise OaiError("badArgument", f"{exclusive} is an exclusive argument")
    missing = [name for name in required if name not in args and exclusive not in args]
    if missing:
        raise OaiError("badArgument", f"{verb} needs {', '.join(missing)}")
    if verb.startswith("List") and "metadataPrefix" in required:
        args["selection"] = _selection(verb, args)
    return verb, args


def _resume(verb: str, token: str) -> Selection:
    try:
        data = _tokens().loads(token)
        after = (datetime.fromisoformat(data["a"][0]), int(data["a"][1]))
        selection = Selection(
            data["v"], data["m"], data["s"],
            datetime.fromisoformat(data["f"]) if data["f"] else None,
            datetime.fromisoformat(data["u"]) if data["u"] else None, after, int(data["c"]),
            int(data["t"]))
    except (BadSignature, KeyError, IndexError, TypeError, ValueError) as exc:
        raise OaiError("badResumptionToken", "the resumption token is not valid") from exc
    if selection.verb != verb:
        raise OaiError("badResumptionToken", f"the resumption token is not one of {verb}")
    return selection


def token(selection: Selection, last) -> str:
    """The token for the page after the one ending with `last` (a row: updated_at, id)."""
    return _tokens().dumps({
        "v": selection.verb, "m": selection.prefix, "s": selection.set,
        "f": selection.start.isoformat() if selection.start else None,
        "u": selection.end.isoformat() if selection.end else None,
        "a": [last.updated_at.isoformat(), last.id], "c": selection.cursor,
        "t": selection.total})
