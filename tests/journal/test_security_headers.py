"""Security headers on every response (app pages, error pages, files, the served public site),
a policy that allows no inline script, and no inline script or handler in any template."""

import re
import shutil
from pathlib import Path

import pytest

from core.config import PROJECT_ROOT
from core.security import SecurityHeaders, header_values

EXPECTED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def assert_protected(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    assert len(response.headers.getlist("Content-Security-Policy")) == 1
    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in response.headers["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert "Strict-Transport-Security" not in response.headers  # not on plain development


@pytest.fixture
def site_files(app):
    root = Path(app.config["SITE_DIR"])
    (root / "qikandaodu" / "2026").mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text("<!doctype html><title>期刊导读</title>", encoding="utf-8")
    (root / "qikandaodu" / "2026" / "1.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_app_pages_carry_the_headers(client, journal_pages):
    assert_protected(client.get("/pages/aims"))
    assert_protected(client.get("/account/login"))


def test_error_pages_carry_the_headers(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert_protected(response)
    assert_protected(client.post("/account/logout"))  # a redirect to the login page


def test_files_carry_the_headers(client, site_files):
    with client.get("/static/css/kanwu.css") as stylesheet:
        assert_protected(stylesheet)
    pdf = client.get("/qikandaodu/2026/1.pdf")
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    assert_protected(pdf)


def test_the_served_public_site_carries_the_headers(client, site_files):
    page = client.get("/")
    assert "期刊导读" in page.get_data(as_text=True)
    assert_protected(page)
    unchanged = client.get("/", headers={"If-None-Match": page.headers["ETag"]})
    assert unchanged.status_code == 304
    assert_protected(unchanged)


def test_hsts_in_production_only():
    def tiny(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    def headers_of(wrapped):
        seen = {}
        wrapped({"REQUEST_METHOD": "GET", "PATH_INFO": "/"},
                lambda status, headers, exc_info=None: seen.update(headers))
        return seen

    assert "Strict-Transport-Security" not in headers_of(SecurityHeaders(tiny, production=False))
    hsts = headers_of(SecurityHeaders(tiny, production=True))["Strict-Transport-Security"]
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 15552000


def test_a_header_set_by_the_page_itself_is_kept():
    def framed(environ, start_response):
        start_response("200 OK", [("Referrer-Policy", "no-referrer")])
        return [b""]

    seen = []
    SecurityHeaders(framed, production=False)({}, lambda s, h, e=None: seen.extend(h))
    assert [v for n, v in seen if n == "Referrer-Policy"] == ["no-referrer"]


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
SCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)
TEMPLATES = sorted(p for p in (PROJECT_ROOT / "templates").rglob("*.html")
                   if "emails" not in p.parts)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_template_has_inline_script_or_event_handlers(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "move the script into a file under static/"
    assert not HANDLER.search(text), "attach the handler from a script file under static/"
    assert not SCRIPT_URL.search(text)


def test_the_scanner_does_find_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert HANDLER.search('<button class="x" onclick="go()">')
    assert not HANDLER.search('<meta name="description" content="x">')
    assert SCRIPT_URL.search('<a href="javascript:void(0)">')


def test_nginx_sends_the_same_headers_for_the_public_site():
    conf = (PROJECT_ROOT / "deploy" / "nginx" / "kanwu.conf.template").read_text()
    for name, value in header_values(production=True):
        assert f'add_header {name} "{value}" always;' in conf, name


def test_nginx_serving_the_site_sends_them(tmp_path):
    import subprocess
    import time
    import urllib.error
    import urllib.request

    from bench.common import render_nginx
    from tests.conftest import free_port, need_service

    need_service("nginx", shutil.which("nginx") is not None, "apt-get install nginx")
    site = tmp_path / "site"
    (site / "qikandaodu").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>期刊导读</title>", encoding="utf-8")
    (site / "qikandaodu" / "1.ris").write_text("TY  - JOUR\nER  -\n", encoding="utf-8")
    port = free_port()
    conf = render_nginx(tmp_path / "nginx", listen=f"127.0.0.1:{port}",
                        upstream=f"127.0.0.1:{free_port()}", site_root=site, log_dir=tmp_path)
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(conf.parent), "-e", "stderr",  # noqa: S603, S607
                             "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    try:
        answers = {}
        deadline = time.monotonic() + 10
        for path in ("/", "/qikandaodu/1.ris", "/.hidden", "/feed.xml"):
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as r:  # noqa: S310
                        answers[path] = r.headers
                    break
                except urllib.error.HTTPError as exc:
                    answers[path] = exc.headers
                    break
                except urllib.error.URLError:
                    assert time.monotonic() < deadline, "nginx did not start"
                    time.sleep(0.1)
        for path, headers in answers.items():
            for name, value in header_values(production=True):
                assert headers.get_all(name) == [value], (path, name)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
