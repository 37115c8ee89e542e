"""The fuzz test: every rule of `app.url_map`, as an anonymous visitor, a signed-in author and
an editor, with malformed URL parameters, query strings and bodies (Hypothesis). No answer
may be a 500 and no exception may escape the app.

Bounded: KANWU_FUZZ_EXAMPLES examples per rule and person (default 5; deadline off). The
examples are derandomised (the same every run, so CI is stable); KANWU_FUZZ_RANDOM=1 draws new
ones. The number of requests sent is printed and recorded as the test's `fuzz` property.
"""

import io
import json
import logging
import os
import re
import traceback
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter

from tests.journal.test_authorization_matrix import fresh_world

EXAMPLES = int(os.environ.get("KANWU_FUZZ_EXAMPLES", "5"))
ACTORS = ("anonymous", "submitter", "editor")

SPECIAL = ["", " ", "0", "-1", "1", "2147483647", "2147483648", "9223372036854775808",
           "99999999999999999999999999", "9" * 5000, "1e309", "NaN", "-0", "0x1f", "١٢", "²",
           "../../../etc/passwd", "..%2f..%2f", "%00", "\x00", "\r\nX-Injected: 1", "\t\x0b\x0c",
           "<script>alert(1)</script>", "' OR 1=1 --", "{{7*7}}", "%(x)s", "\u202e\u200b",
           "𠀀" * 40, "張偉" * 300, "a" * 70_000, "null", "true", "[]", "{}"]
TEXT = st.one_of(st.sampled_from(SPECIAL), st.text(max_size=40),
                 st.integers(-2**80, 2**80).map(str))
QUERY_KEYS = ["q", "before", "year", "column", "queue", "next", "lang", "answer", "state",
              "name", "page", "id"]
UPLOAD_NAMES = ["file", "cover", "annotated", "final", "galley", "response_letter", "upload"]
JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | TEXT,
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(["scores", "recommendation", "c1",
                                                       "comments_to_author", "x"]) | TEXT,
                                      inner, max_size=4), max_leaves=12)


def form_field_names() -> list[str]:
    """Every field name of the app's forms (and the prefixed ones of the invitation page)."""
    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField

    names, stack = set(), [FlaskForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        for klass in cls.__mro__:
            names.update(n for n, v in vars(klass).items() if isinstance(v, UnboundField))
    names.update({"a-declaration", "a-competing_interests", "a-password", "d-reason",
                  "score-c1", "score-c2", "action", "version", "expected_version"})
    return sorted(names)


def value_for(converter, world_value) -> st.SearchStrategy:
    if isinstance(converter, IntegerConverter):
        return st.one_of(st.just(str(world_value)), st.integers(-2**70, 2**70).map(str), TEXT)
    if isinstance(converter, AnyConverter):
        return st.one_of(st.sampled_from(sorted(converter.items)), TEXT)
    return st.one_of(st.just(str(world_value)), TEXT)


PLACEHOLDER = re.compile(r"<(?:[^<>]*?:)?(\w+)>")


def path_strategy(rule, world, relation: str) -> st.SearchStrategy:
    """The rule's path with each parameter a valid world value or a malformed one."""
    valid = world.values(rule, relation)
    parts = {name: value_for(rule._converters[name], valid.get(name, ""))
             for name in rule.arguments if name in rule._converters}

    @st.composite
    def build(draw):
        values = {name: draw(strategy) for name, strategy in parts.items()}

        def fill(match):
            name = match.group(1)
            safe = "/" if isinstance(rule._converters.get(name), PathConverter) else ""
            return quote(values.get(name, ""), safe=safe) or "x"

        return PLACEHOLDER.sub(fill, rule.rule)

    return build()


def body_strategy(fields: list[str]) -> st.SearchStrategy:
    """Keyword arguments for client.open: a form, JSON, raw bytes or an upload."""
    form = st.dictionaries(st.sampled_from(fields) | TEXT,
                           TEXT | st.lists(TEXT, max_size=3), max_size=6)
    every_field = st.lists(TEXT, min_size=len(fields), max_size=len(fields)).map(
        lambda values: dict(zip(fields, values, strict=True)))  # whatever form the rule reads
    return st.one_of(
        form.map(lambda data: {"data": data}),
        every_field.map(lambda data: {"data": data}),
        JSON.map(lambda value: {"data": json.dumps(value), "content_type": "application/json"}),
        st.tuples(st.binary(max_size=300), st.sampled_from([
            "application/json", "application/x-www-form-urlencoded", "text/plain",
            "multipart/form-data; boundary=x", "multipart/form-data"])).map(
            lambda pair: {"data": pair[0], "content_type": pair[1]}),
        st.tuples(form, st.sampled_from(UPLOAD_NAMES), st.binary(max_size=2000), TEXT).map(
            lambda t: {"data": t[0] | {t[1]: FileStorage(io.BytesIO(t[2]), t[3] or "f.docx")},
                       "content_type": "multipart/form-data"}),
    )


QUERY = st.one_of(
    st.dictionaries(st.sampled_from(QUERY_KEYS) | TEXT, TEXT, max_size=4),
    st.binary(max_size=60).map(lambda raw: raw.decode("latin-1")),  # raw bytes in the query
    st.sampled_from(["q=%ff%fe", "before=%c0%af", "lang=%00", "a=%", "next=//evil.example"]),
)


class Failures(logging.Handler):
    """Keeps the exceptions the app logs as unhandled (its 500 handler logs each one)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.last = None

    def emit(self, record):
        if record.exc_info:
            frames = [f for f in traceback.extract_tb(record.exc_info[2])
                      if "site-packages" not in f.filename]
            where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
            self.last = f"{record.exc_info[0].__name__}: {record.exc_info[1]}{where}"


def fuzz_rule(app, world, rule, actor: str, fields: list[str], outcome: dict) -> None:
    methods = sorted(rule.methods & {"GET", "POST"})
    client = app.test_client()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              derandomize=os.environ.get("KANWU_FUZZ_RANDOM") != "1",
              suppress_health_check=list(HealthCheck))
    @given(path=path_strategy(rule, world, actor), method=st.sampled_from(methods),
           query=QUERY, body=body_strategy(fields))
    def one(path, method, query, body):
        with client.session_transaction() as sess:
            sess.clear()
            if actor != "anonymous":
                sess["_user_id"] = str(world.users[actor])
        outcome["cases"] += 1
        outcome["log"].last = None
        extra = body if method == "POST" else {}
        try:
            response = client.open(path, method=method, query_string=query, **extra)
            response.close()
        except Exception as exc:  # escaping the app's own handlers
            outcome["failures"].append((actor, method, path, "escaped", repr(exc)[:300]))
            return
        if response.status_code >= 500:
            outcome["failures"].append((actor, method, path, response.status_code,
                                        outcome["log"].last))

    one()


@pytest.mark.parametrize("actor", ACTORS)
def test_no_500_on_malformed_input(app, actor, record_property):
    world = fresh_world(app)
    fields = form_field_names()
    outcome = {"cases": 0, "failures": [], "log": Failures()}
    app.logger.addHandler(outcome["log"])
    app.config["SITE_BUILD_AFTER_COMMIT"] = False
    try:
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            fuzz_rule(app, world, rule, actor, fields, outcome)
    finally:
        app.logger.removeHandler(outcome["log"])
        app.config["SITE_BUILD_AFTER_COMMIT"] = True
    summary = (f"fuzz as {actor}: {outcome['cases']} requests to "
               f"{len(list(app.url_map.iter_rules()))} rules, "
               f"{len(outcome['failures'])} answered 500 or raised")
    record_property("fuzz", summary)
    print(summary)
    assert not outcome["failures"], summary + "\n" + "\n".join(
        f"  {actor} {method} {path[:160]}: {status} {error}"
        for actor, method, path, status, error in outcome["failures"])
