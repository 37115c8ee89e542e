"""The authorization matrix, generated from `app.url_map`: every rule, GET and POST, asked by a
person in every relation to the manuscript (tests/journal/world.py), against POLICY below.

POLICY says for each rule what each relation gets: OK (through the gate: a page, a redirect
other than to the login, or a refusal of the input or state: 400/409/410), LOGIN (sent to the
login page), 403, 404 or 405. A rule without an entry fails the test: whoever adds a route
decides here who may use it. POSTs carry an empty body (CSRF is off in tests).
What an (un)confirmed co-author is in the data is said once, in
tests.journal.world.link_coauthor.
"""

from accounts.models import User, session_id
from core.extensions import db
from tests.journal.world import RELATIONS, build_world

OK, LOGIN, F403, F404, F405 = "ok", "login", "403", "404", "405"


AUTHORS = ("submitter", "confirmed_coauthor", "editor_author")
EDITORS = ("editor", "chief")
DESK = ("editor", "editor_author", "chief")
SIGNED_IN = tuple(RELATIONS[1:])


def answer(ok=(), *, login=("anonymous",), otherwise=F404, **special) -> dict:
    """relation -> expected answer: `ok` pass, `login` are sent to log in, `special` as given,
    everyone else gets `otherwise`."""
    cells = {}
    for relation in RELATIONS:
        if relation in special:
            cells[relation] = special[relation]
        elif relation in login:
            cells[relation] = LOGIN
        elif relation in ok:
            cells[relation] = OK
        else:
            cells[relation] = otherwise
    return cells


PUBLIC = answer(RELATIONS, login=())
SIGNED_IN_ONLY = answer(SIGNED_IN)
# The manuscript and what hangs off it: its authors (by consent) and its editors.
# (an unconfirmed co-author has no access: consent first)
MANUSCRIPT = answer(AUTHORS + EDITORS)
# The author's own actions (wizard, withdrawal): the submitter only, everyone else 404 (a
# co-author reads and follows, and does not act for the submitter).
AUTHOR_ACTS = answer(("submitter",))
AUTHOR_READS = answer(AUTHORS)
DESK_ONLY = answer(DESK, otherwise=F403)
# The manuscript's editorial handling: editors who did not write it.
# (the desk answers 403 to anyone who is not an editor, whatever the manuscript)
HANDLING = answer(EDITORS, otherwise=F403, editor_author=F404)
REVIEW_HANDLING = answer(EDITORS)
PUBLISHING = answer(DESK, otherwise=F403)
# background work (core.jobs): its starter (nobody here) and those its kind names; else hidden
JOB = answer(DESK)
ADMIN_AREA = answer(DESK + ("admin",), otherwise=F403)
ADMIN_ONLY = answer(("admin",), otherwise=F403)
# The review form sends an invited or declined reviewer back to their reviews with a message
# (a passing answer here; what they may do is the invitation tests' matter); the files are the
# line this matrix holds: only from acceptance, never once declined.
OWN_REVIEW = answer(("accepted_reviewer", "invited_reviewer", "declined_reviewer"))
OWN_FILES = answer(("accepted_reviewer",))
REVIEWER_THREAD = answer(("accepted_reviewer",) + EDITORS)
OWN_RECORD = answer(("submitter",))
CERTIFICATE = answer(())  # only once the review is submitted: nobody in this world yet
# (a link opened while signed in as someone else is refused: it is never a login)
INVITATION = answer(("anonymous", "invited_reviewer"), login=(), otherwise=F403)

POLICY: dict[str, dict | dict[str, dict]] = {
    # the public site, static files and the account pages anyone may open
    "/": PUBLIC, "/healthz": PUBLIC, "/lang/<code>": PUBLIC, "/pages/<slug>": PUBLIC,
    "/qikandaodu/": PUBLIC, "/search": PUBLIC, "/oai": PUBLIC, "/static/<path:filename>": PUBLIC,
    "/bootstrap/static/<path:filename>": PUBLIC,
    "/account/login": PUBLIC, "/account/register": PUBLIC, "/account/reset": PUBLIC,
    "/account/reset/<token>": PUBLIC, "/account/confirm/<token>": PUBLIC,
    "/account/pinyin": PUBLIC, "/account/whoami": PUBLIC,
    # a signed-in person's own pages
    "/account/profile": SIGNED_IN_ONLY, "/account/logout": SIGNED_IN_ONLY,
    "/manuscripts/": SIGNED_IN_ONLY, "/submit": SIGNED_IN_ONLY,
    "/review/mine": SIGNED_IN_ONLY,  # one's own assignments (none for most)
    # the manuscript as its authors and editors see it
    "/manuscripts/<int:manuscript_id>": MANUSCRIPT,
    "/manuscripts/<int:manuscript_id>/files/<int:file_id>": MANUSCRIPT,
    "/manuscripts/<int:manuscript_id>/receipt.pdf": MANUSCRIPT,
    "/review/manuscripts/<int:manuscript_id>/reviews": AUTHOR_READS,
    "/review/manuscripts/<int:manuscript_id>/acceptance.pdf": MANUSCRIPT,
    # the author's actions: the wizard on the draft, withdrawal and revision
    "/manuscripts/<int:manuscript_id>/wizard": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/wizard/column": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/wizard/checklist": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/wizard/metadata": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/wizard/authors": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/wizard/files": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/wizard/review": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/authors/<int:author_id>/"
    "<any(remove, up, down, corresponding):change>": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/authors/<int:author_id>/edit": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/authors/done": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/prefill": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/submit": AUTHOR_ACTS,
    "/manuscripts/<int:manuscript_id>/withdraw": AUTHOR_ACTS,
    "/review/manuscripts/<int:manuscript_id>/revision": AUTHOR_ACTS,
    # the desk and the review of a manuscript, by editors who did not write it
    "/desk/": DESK_ONLY, "/editor/stats/": DESK_ONLY, "/editor/stats/<name>.csv": DESK_ONLY,
    "/editor/stats/<name>.xlsx": DESK_ONLY, "/editor/stats/<name>.svg": DESK_ONLY,
    "/editor/stats/annual": DESK_ONLY,
    # (the world's job is a site build, not a yearly report: no such report, for the desk)
    "/editor/stats/annual/<int:job_id>.pdf": answer(otherwise=F403, **dict.fromkeys(DESK, F404)),
    "/review/editor": PUBLIC,  # the former list of manuscripts in review: sent to the desk
    "/desk/manuscripts/<int:manuscript_id>": HANDLING,
    "/desk/manuscripts/<int:manuscript_id>/move": HANDLING,
    "/review/manuscripts/<int:manuscript_id>": REVIEW_HANDLING,
    "/review/manuscripts/<int:manuscript_id>/start": REVIEW_HANDLING,
    "/review/manuscripts/<int:manuscript_id>/invite": REVIEW_HANDLING,
    "/review/manuscripts/<int:manuscript_id>/reinvite": REVIEW_HANDLING,
    "/review/manuscripts/<int:manuscript_id>/recommend": REVIEW_HANDLING,
    "/review/manuscripts/<int:manuscript_id>/decision": REVIEW_HANDLING,
    "/review/manuscripts/<int:manuscript_id>/decision/letter": REVIEW_HANDLING,
    "/review/manuscripts/<int:manuscript_id>/decision/send": REVIEW_HANDLING,
    "/review/assignments/<int:assignment_id>/<any(resend, cancel, extend):action>":
        REVIEW_HANDLING,
    "/review/assignments/<int:assignment_id>/annotated": REVIEW_HANDLING,
    "/review/assignments/<int:assignment_id>/rating": REVIEW_HANDLING,
    "/review/letter-templates/<any(accept, minor_revision, major_revision, reject):verdict>":
        ADMIN_AREA,
    "/review/rubrics/<int:column_id>": ADMIN_AREA, "/review/rubrics/default": ADMIN_AREA,
    # the reviewer's work on their own assignment, and the invitation link
    "/review/assignments/<int:assignment_id>": OWN_REVIEW,
    "/review/assignments/<int:assignment_id>/autosave": OWN_REVIEW,
    "/review/assignments/<int:assignment_id>/files/<int:file_id>": OWN_FILES,
    "/review/assignments/<int:assignment_id>/certificate.pdf": CERTIFICATE,
    "/review/invitation/<token>": INVITATION,
    # a reviewer's own record and yearly certificates (the world's user_id is the submitter's,
    # who has reviewed nothing: no certificate)
    "/review/reviewers/<int:user_id>/record": OWN_RECORD,
    "/review/reviewers/<int:user_id>/certificates/<int(min=1900, max=2999):year>.pdf":
        CERTIFICATE,
    # production and publishing
    "/jobs/<int:job_id>": JOB, "/jobs/<int:job_id>/retry": JOB,
    "/editor/issues": PUBLISHING, "/editor/issues/<int:issue_id>": PUBLISHING,
    "/editor/issues/<int:issue_id>/cover": PUBLISHING,
    "/editor/issues/<int:issue_id>/edit": PUBLISHING,
    "/editor/issues/<int:issue_id>/publish": PUBLISHING,
    "/editor/issues/<int:issue_id>/schedule": PUBLISHING,
    "/editor/manuscripts/<int:manuscript_id>/schedule": PUBLISHING,
    "/editor/articles/<int:article_id>": PUBLISHING,
    "/editor/articles/<int:article_id>/arrange": PUBLISHING,
    "/editor/articles/<int:article_id>/correction": PUBLISHING,
    "/editor/articles/<int:article_id>/final": PUBLISHING,
    "/editor/articles/<int:article_id>/galley": PUBLISHING,
    "/editor/articles/<int:article_id>/unschedule": PUBLISHING,
    # administration
    "/admin/": ADMIN_AREA, "/admin/pages": ADMIN_AREA, "/admin/pages/<slug>": ADMIN_AREA,
    "/admin/rules": ADMIN_AREA, "/admin/columns": ADMIN_AREA,
    "/admin/columns/new": ADMIN_AREA, "/admin/columns/<int:column_id>": ADMIN_AREA,
    "/admin/users": ADMIN_ONLY, "/admin/users/<int:user_id>": ADMIN_ONLY,
    "/admin/journal": ADMIN_ONLY, "/admin/outbox": ADMIN_ONLY,
    "/admin/outbox/<int:mail_id>/retry": ADMIN_ONLY,
}

POLICY.update({
    # co-author consent: the link mailed to a listed address (a bad link answers everyone)
    "/authorship/<token>": PUBLIC, "/authorship/<token>/confirm": PUBLIC,
    "/authorship/<token>/decline": PUBLIC, "/authorship/<token>/register": PUBLIC,
    "/manuscripts/<int:manuscript_id>/authors/<int:author_id>/resend": AUTHOR_ACTS,
    # the reviewer's work link, and the authors' upload link for a held reviewer copy
    "/review/work/<token>": PUBLIC, "/review/anonymised-file/<token>": PUBLIC,
    # decision flow: the review settings, and a desk rejection with its letter
    "/admin/journal/review": ADMIN_ONLY, "/admin/journal/doi": ADMIN_ONLY,
    "/review/manuscripts/<int:manuscript_id>/desk-rejection": REVIEW_HANDLING,
    # the anonymity gate's four resolutions of a held reviewer copy
    '/review/files/<int:file_id>/<any("mask", "replace", "ask-authors", "send-anyway")'
    ':action>': REVIEW_HANDLING,
    # one's own password, the icon, and an issue's preview before publishing
    "/account/password": SIGNED_IN_ONLY, "/favicon.ico": PUBLIC,
    "/editor/issues/<int:issue_id>/preview/": PUBLISHING,
    # Crossref deposits: the list, and sending one again
    "/editor/deposits": PUBLISHING, "/editor/deposits/<int:deposit_id>/resend": PUBLISHING,
    "/editor/issues/<int:issue_id>/preview/<path:path>": PUBLISHING,
    # messages: the authors' thread (its authors and editors), a reviewer's thread (that
    # reviewer once they agreed, and the editors; never an author), resolving a thread and a
    # held attachment (editors)
    "/review/manuscripts/<int:manuscript_id>/messages": MANUSCRIPT,
    "/review/assignments/<int:assignment_id>/messages": REVIEWER_THREAD,
    "/review/message-attachments/<int:attachment_id>": REVIEWER_THREAD,
    "/review/threads/<int:thread_id>/<any(resolve, reopen):action>": REVIEW_HANDLING,
    '/review/message-attachments/<int:attachment_id>/<any("mask", "send-anyway"):action>':
        REVIEW_HANDLING,
    # the revision's due date: the submitter asks for more time, the editors answer
    "/review/manuscripts/<int:manuscript_id>/revision/extension": AUTHOR_ACTS,
    "/review/extensions/<int:extension_id>/<any(grant, refuse):answer>": REVIEW_HANDLING,
    # production: the manuscript's production page and signed agreement (its authors and
    # editors), the editors' overrides, an author's signing link, the agreement's text
    "/production/manuscripts/<int:manuscript_id>": MANUSCRIPT,
    "/production/manuscripts/<int:manuscript_id>/agreement.pdf": MANUSCRIPT,
    "/production/manuscripts/<int:manuscript_id>/override": REVIEW_HANDLING,
    "/agreement/<token>": PUBLIC, "/admin/agreement": ADMIN_AREA,
    # proofs: the editors' upload, each round's files (authors and editors), the author's link
    "/production/manuscripts/<int:manuscript_id>/proofs": REVIEW_HANDLING,
    "/production/manuscripts/<int:manuscript_id>/proofs/<int:number>/"
    "<any(proof, annotated):kind>": MANUSCRIPT,
    "/proof/<token>": PUBLIC, "/proof/<token>/proof.pdf": PUBLIC,
    "/proof/<token>/approve": PUBLIC, "/proof/<token>/corrections": PUBLIC,
    # fees: a manuscript's fees, the payment (its form refuses an empty post before the
    # service asks who pays), the office's review, the ledger and the settings
    "/production/manuscripts/<int:manuscript_id>/fees": MANUSCRIPT,
    "/production/fees/<int:fee_id>/payment": MANUSCRIPT,
    "/production/fees/<int:fee_id>/review": REVIEW_HANDLING,
    "/production/fees/<int:fee_id>/pages": REVIEW_HANDLING,
    "/production/fees/<int:fee_id>/<any(notice, receipt):document>": MANUSCRIPT,
    "/editor/fees": DESK_ONLY, "/editor/fees.<any(csv, xlsx):extension>": DESK_ONLY,
    "/admin/fees": ADMIN_AREA,
    # exports for the indexing databases, per issue and per year, and a year's page
    "/editor/years/<int:year>": PUBLISHING,
    "/editor/issues/<int:issue_id>/doaj.xml": PUBLISHING,
    "/editor/issues/<int:issue_id>/metadata.zip": PUBLISHING,
    "/editor/years/<int:year>/doaj.xml": PUBLISHING,
    "/editor/years/<int:year>/metadata.zip": PUBLISHING,
})

METHODS = ("GET", "POST")


def expected_for(rule, method: str, path_methods: set) -> dict:
    """relation -> cell for one method of a rule; a method no rule of its path has is 405 for
    all (one another rule of the same path has is asked there: {})."""
    if method not in rule.methods:
        return {} if method in path_methods else dict.fromkeys(RELATIONS, F405)
    entry = POLICY[rule.rule]
    return entry.get(method, entry)


def classify(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        return LOGIN if "/account/login" in response.headers.get("Location", "") else OK
    if code < 300 or code in (400, 409, 410, 413, 422):
        return OK
    return str(code)


def checked_rules(app) -> list:
    return sorted((r for r in app.url_map.iter_rules()), key=lambda r: r.rule)


def test_every_rule_has_a_policy_entry(app):
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    missing = sorted(rules - set(POLICY))
    assert not missing, ("routes without an entry in the authorization matrix (decide who may "
                         f"use them in {__name__}.POLICY): {missing}")
    stale = sorted(set(POLICY) - rules)
    assert not stale, f"entries for routes that no longer exist: {stale}"


class Asker:
    """One test client per relation, signed in as that relation's user for every request."""

    def __init__(self, app, world):
        self.app, self.world = app, world
        self.clients = {relation: app.test_client() for relation in RELATIONS}

    def ask(self, rule, method: str, relation: str) -> str:
        from flask import url_for

        client = self.clients[relation]
        with client.session_transaction() as sess:
            sess.clear()
            if relation != "anonymous":
                with self.app.app_context():
                    user = db.session.get(User, self.world.users[relation])
                    sess["_user_id"] = session_id(user)
                sess["_fresh"] = True
        with self.app.test_request_context("/"):
            url = url_for(rule.endpoint, **self.world.values(rule, relation))
        try:
            response = client.open(url, method=method, data=self.world.body(rule))
        except Exception as exc:  # an exception escaping the app is an answer too
            return f"exception {type(exc).__name__}: {exc}"
        response.close()  # file downloads keep their file open until closed
        return classify(response)


def fresh_world(app):
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
    with app.test_request_context("/?lang=en"):
        return build_world()


def run_matrix(app) -> tuple[int, list]:
    """Ask every cell. A POST that got through may have changed the world: it is rebuilt
    before the next rule (within a rule, the gate is asked before any state, so a changed
    state turns one passing answer into another, e.g. 200 into 409)."""
    app.config["SITE_BUILD_AFTER_COMMIT"] = False
    asker = Asker(app, fresh_world(app))
    checked, unexpected = 0, []
    path_methods: dict[str, set] = {}
    for rule in app.url_map.iter_rules():  # a path may have one rule per method
        path_methods.setdefault(rule.rule, set()).update(rule.methods)
    for rule in checked_rules(app):
        changed = False
        for method in METHODS:
            for relation, cell in expected_for(rule, method, path_methods[rule.rule]).items():
                got = asker.ask(rule, method, relation)
                checked += 1
                if got != cell:
                    unexpected.append((rule.rule, method, relation, cell, got))
                changed = changed or (method == "POST" and got == OK)
        if changed:
            asker.world = fresh_world(app)
    app.config["SITE_BUILD_AFTER_COMMIT"] = True
    return checked, unexpected


def test_authorization_matrix(app, record_property):
    checked, unexpected = run_matrix(app)
    rules = len(list(app.url_map.iter_rules()))
    summary = (f"{rules} rules x {len(RELATIONS)} relations x {len(METHODS)} methods = "
               f"{checked} answers checked, {len(unexpected)} unexpected")
    record_property("matrix", summary)
    print(summary)
    assert not unexpected, summary + "\n" + "\n".join(
        f"  {rule} {method} as {relation}: expected {expected}, got {got}"
        for rule, method, relation, expected, got in unexpected)
