"""Security headers on every response: the app's pages, its error pages and files, and the
public site that publishing.serving serves in front of the app (nginx sends the same headers
for the site in production: deploy/nginx/kanwu.conf.template).

A few lines of WSGI rather than Flask-Talisman: the public site is answered by a WSGI layer
before Flask sees the request (so after_request would miss it), and Talisman's other features
(HTTPS redirects, session-cookie flags) are already nginx's and the config's business.

- Content-Security-Policy: scripts only from this site's own files (no inline script, no
  event-handler attributes, no eval: templates load static/*.js, a test scans them). Styles
  allow 'unsafe-inline' because a few templates use style attributes (white-space: pre-line
  on letters and notes); styles cannot run code. Images may be data: URIs (Bootstrap's icons).
- frame-ancestors 'none' and X-Frame-Options DENY: no page can be framed (clickjacking).
- Referrer-Policy same-origin: stricter than strict-origin-when-cross-origin, so links that
  carry tokens (reset, confirmation, invitation) never leak to another site; same-origin
  requests keep their Referer, which Flask-WTF's CSRF check needs on HTTPS.
- HSTS in production only (a development instance on http://127.0.0.1 must stay reachable).
A page that sets one of these headers itself keeps its own value.
"""

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"


def header_values(production: bool) -> list[tuple[str, str]]:
    values = [
        ("Content-Security-Policy", CSP),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
    ]
    if production:
        values.append(("Strict-Transport-Security", HSTS))
    return values


class SecurityHeaders:
    """WSGI middleware, outermost: adds every header the response does not set itself."""

    def __init__(self, app, production: bool):
        self.app = app
        self.headers = header_values(production)

    def __call__(self, environ, start_response):
        def respond(status, headers, exc_info=None):
            present = {name.lower() for name, _value in headers}
            headers = list(headers) + [(name, value) for name, value in self.headers
                                       if name.lower() not in present]
            return start_response(status, headers, exc_info)

        return self.app(environ, respond)
