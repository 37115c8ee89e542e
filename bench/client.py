"""A small HTTP client that behaves like a browser for the benchmarks: cookies, CSRF tokens from
forms, redirects, multipart uploads. Standard library only; loopback addresses only.

Cookies are kept by hand so that the production stack's Secure session cookie is sent back over
plain-HTTP loopback, as a browser would send it over HTTPS.
"""

import http.client
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@dataclass
class Response:
    status: int
    url: str
    headers: dict
    body: bytes
    history: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def csrf(self) -> str:
        match = CSRF_RE.search(self.text)
        if not match:
            raise AssertionError(f"no CSRF token on {self.url} ({self.status})")
        return match.group(1) or match.group(2)


class Client:
    def __init__(self, base: str, timeout: float = 60.0):
        parts = urlsplit(base)
        assert parts.hostname in ("127.0.0.1", "localhost"), "loopback only"
        self.base = base.rstrip("/")
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def _send(self, method: str, path: str, body: bytes | None, headers: dict) -> Response:
        headers = dict(headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for key, value in resp.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "expires=thu, 01 jan 1970" in value.lower() or "max-age=0" in value.lower():
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = cookie_value
        if resp.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return Response(resp.status, path, {k.lower(): v for k, v in resp.getheaders()}, data)

    def request(self, method: str, path: str, *, data: dict | None = None,
                files: dict | None = None, headers: dict | None = None,
                follow: bool = True) -> Response:
        headers = dict(headers or {})
        headers.setdefault("Accept-Language", "zh-CN")
        body = None
        if files:
            body, ctype = multipart(data or {}, files)
            headers["Content-Type"] = ctype
        elif data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
            headers["Referer"] = self.base + path
        resp = self._send(method, path, body, headers)
        history = []
        while follow and resp.status in (301, 302, 303, 307, 308) and len(history) < 10:
            history.append(resp)
            target = urljoin(self.base + path, resp.headers["location"])
            path = urlsplit(target)._replace(scheme="", netloc="").geturl()
            resp = self._send("GET", path, None, {"Accept-Language": headers["Accept-Language"]})
        resp.history = history
        return resp

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict | None = None, **kw) -> Response:
        return self.request("POST", path, data=data, **kw)

    def submit_form(self, path: str, fields: dict, files: dict | None = None,
                    action: str | None = None) -> Response:
        """GET the page with the form, then POST `fields` (+ its CSRF token) to it."""
        page = self.get(path)
        token = page.csrf()
        return self.request("POST", action or path, data={"csrf_token": token, **fields},
                            files=files)

    def login(self, email: str, password: str) -> Response:
        resp = self.submit_form("/account/login", {"email": email, "password": password})
        if resp.status != 200 or "/account/login" in resp.url:
            raise AssertionError(f"login failed for {email}: {resp.status} at {resp.url}")
        return resp

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """files: {field: (filename, content_type, bytes)}."""
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{v}\r\n").encode()
    for name, (filename, ctype, content) in files.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n').encode()
        out += content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"
