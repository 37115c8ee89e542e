"""One small journal with a person for every relation to a manuscript, for the authorization
matrix and the fuzz test: who each person is, the objects they relate to, and the values that
fill every URL parameter of the app's rules.

The relations (a user's relation to the manuscript under review, `main`):
anonymous, other author, submitter, unconfirmed and confirmed co-author, invited, accepted,
declined and cancelled reviewer, editor, editor who is a co-author, chief editor, admin.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from accounts.models import Role, User
from core.clock import utcnow
from core.extensions import db
from core.outbox import MailState, OutboxEmail
from journal.models import GUIDELINE_PAGES, GuidelinePage
from submission.models import ManuscriptAuthor, ManuscriptFile
from submission.samples import sample_docx
from submission.storage import save_bytes
from tests.factories import make_column, make_manuscript

RELATIONS = ["anonymous", "other_author", "submitter", "unconfirmed_coauthor",
             "confirmed_coauthor", "invited_reviewer", "accepted_reviewer", "declined_reviewer",
             "cancelled_reviewer", "editor", "editor_author", "chief", "admin"]

ROLES = {
    "other_author": ("author",), "submitter": ("author",), "unconfirmed_coauthor": ("author",),
    "confirmed_coauthor": ("author",), "invited_reviewer": ("reviewer",),
    "accepted_reviewer": ("reviewer",), "declined_reviewer": ("reviewer",),
    "cancelled_reviewer": ("reviewer",), "editor": ("editor",),
    "editor_author": ("editor", "author"), "chief": ("chief_editor", "editor"),
    "admin": ("admin",),
}
REVIEWER_STATES = {"invited_reviewer": "invited", "accepted_reviewer": "accepted",
                   "declined_reviewer": "declined", "cancelled_reviewer": "cancelled"}

# The endpoints that work on a draft (the wizard): their manuscript_id is the draft's.
DRAFT_ENDPOINTS = {"submission.resume", "submission.column", "submission.checklist",
                   "submission.metadata", "submission.authors", "submission.files",
                   "submission.review", "submission.submit", "submission.prefill",
                   "submission.authors_done", "submission.change_author",
                   "submission.edit_author"}

# ... and these the accepted manuscript's (scheduled into the issue).
ACCEPTED_ENDPOINTS = {"publishing.schedule_manuscript", "review.acceptance_notice",
                      "production.agreement_pdf", "production.proof_file"}


def link_coauthor(author: ManuscriptAuthor, user_id: int, *, confirmed: bool) -> None:
    """The one place that says what (un)confirmed co-authorship is in the data.

    Today adding a registered address links the account at once (`user_id`); co-authorship by
    consent adds a confirmation stamp. An unconfirmed co-author is an Author row carrying the
    user's address and account but no confirmation; adapt this helper to the consent model's
    field when it lands, and the matrix follows.
    """
    author.user_id = user_id
    for name in ("confirmed_at", "consented_at"):
        if hasattr(ManuscriptAuthor, name):
            setattr(author, name, utcnow() if confirmed else None)


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)
    column: int = 0
    main: int = 0  # under review, with a round, files and one assignment per reviewer relation
    draft: int = 0  # the same authors, still in the wizard
    accepted: int = 0  # scheduled into `issue` as `article`
    main_file: int = 0
    draft_author: int = 0  # the confirmed co-author's row on the draft
    review_file: int = 0
    thread: int = 0  # the accepted reviewer's thread, with the editors' message
    attachment: int = 0  # ... and its attachment, ready for the reviewer
    extension: int = 0  # an answered request for more time to revise (answering is refused)
    assignments: dict[str, int] = field(default_factory=dict)
    token: str = ""  # the invited reviewer's invitation link
    issue: int = 0
    job: int = 0  # the issue's site build (core.jobs), started by nobody in particular
    deposit: int = 0  # the article's Crossref deposit
    article: int = 0
    mail: int = 0
    fee: int = 0  # the accepted manuscript's page fee, its payment reported
    page_slug: str = "aims"

    def assignment_for(self, relation: str) -> int:
        """A reviewer's own assignment; everyone else tries the accepted reviewer's."""
        return self.assignments.get(relation, self.assignments["accepted_reviewer"])

    def body(self, rule) -> dict:
        """The minimal POST body of a rule: empty, except where a missing field would be a
        404 before the permission is asked."""
        if rule.endpoint == "publishing.schedule_manuscript":
            return {"issue_id": self.issue}
        return {}

    def values(self, rule, relation: str) -> dict:
        """Every URL parameter of `rule`, filled from the world for `relation`."""
        known = {
            "manuscript_id": self.draft if rule.endpoint in DRAFT_ENDPOINTS else
            self.accepted if rule.endpoint in ACCEPTED_ENDPOINTS else self.main,
            "author_id": self.draft_author,
            "file_id": self.review_file if rule.endpoint in REVIEW_FILE_ENDPOINTS
            else self.main_file,
            "assignment_id": self.assignment_for(relation),
            "token": self.token if rule.endpoint == "review.invitation" else "not-a-valid-link",
            "column_id": self.column, "user_id": self.users["submitter"], "mail_id": self.mail,
            "slug": self.page_slug, "article_id": self.article, "issue_id": self.issue,
            "job_id": self.job, "deposit_id": self.deposit,
            "name": "monthly",  # (a statistics table with a chart)
            "change": "down", "verdict": "accept", "code": "en",
            "action": ACTIONS.get(rule.endpoint, "extend"),
            "thread_id": self.thread, "attachment_id": self.attachment,
            "extension_id": self.extension, "answer": "grant",
            "path": "issues/2026/1/index.html",  # the issue's preview
            "year": 2026,  # a reviewer's yearly certificate
            "number": 1, "kind": "proof",  # the accepted manuscript's first proof
            "fee_id": self.fee, "document": "notice", "extension": "csv",
            "filename": "css/bootstrap.min.css" if rule.endpoint == "bootstrap.static"
            else "css/kanwu.css",
        }
        missing = set(rule.arguments) - set(known) - set(rule.defaults or {})
        assert not missing, f"the world has no value for {missing} of {rule.rule}: add one"
        return {name: known[name] for name in rule.arguments
                if name not in (rule.defaults or {})}


REVIEW_FILE_ENDPOINTS = {"review.review_file", "review.gate_resolve"}
ACTIONS = {"review.gate_resolve": "send-anyway", "review.resolve_attachment": "send-anyway",
           "review.resolve_thread": "resolve"}


def _user(relation: str) -> int:
    user = User(email=f"{relation.replace('_', '-')}@example.org", name=f"用户{relation}",
                email_confirmed_at=utcnow())
    for role in ROLES[relation]:
        user.grant(Role(role))
    db.session.add(user)
    db.session.flush()
    return user.id


def _file(manuscript_id: int, uploader: int) -> int:
    data = sample_docx()
    record = ManuscriptFile(
        manuscript_id=manuscript_id, kind="manuscript", version=1, original_name="论文.docx",
        sha256=save_bytes(data), size=len(data), uploaded_by_id=uploader,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    db.session.add(record)
    db.session.flush()
    return record.id


def _with_authors(world: World, state: str, column) -> "object":
    users = world.users
    manuscript = make_manuscript(users["submitter"], state=state, column=column, authors=[
        {"name": "张伟", "email": "submitter@example.org", "corresponding": True},
        {"name": "李娜", "email": "unconfirmed-coauthor@example.org"},
        {"name": "王强", "email": "confirmed-coauthor@example.org"},
        {"name": "赵敏", "email": "editor-author@example.org"},
    ])
    submitter, unconfirmed, confirmed, editor_author = manuscript.authors
    submitter.user_id = users["submitter"]
    link_coauthor(unconfirmed, users["unconfirmed_coauthor"], confirmed=False)
    link_coauthor(confirmed, users["confirmed_coauthor"], confirmed=True)
    link_coauthor(editor_author, users["editor_author"], confirmed=True)
    db.session.flush()
    return manuscript


def _review(world: World, manuscript) -> None:
    from review.models import FileState, ReviewAssignment, ReviewFile, ReviewRound
    from review.rubric import criteria_for_column, freeze
    from review.tokens import make_token, new_nonce

    review_round = ReviewRound(manuscript_id=manuscript.id, number=1,
                               editor_id=world.users["editor"],
                               rubric=freeze(criteria_for_column(None)))
    db.session.add(review_round)
    data = sample_docx()
    review_file = ReviewFile(round=review_round, source_file_id=world.main_file, kind="manuscript",
                             filename="manuscript-r1.docx", state=FileState.READY,
                             mimetype="application/vnd.openxmlformats-officedocument."
                                      "wordprocessingml.document",
                             sha256=save_bytes(data))
    db.session.add(review_file)
    now = utcnow()
    for label, (relation, state) in enumerate(REVIEWER_STATES.items(), start=1):
        assignment = ReviewAssignment(
            round=review_round, reviewer_id=world.users[relation], label=label, state=state,
            invited_by_id=world.users["editor"], response_due_at=now + timedelta(days=7),
            review_due_at=now + timedelta(days=30),
            responded_at=None if state == "invited" else now,
            cancelled_at=now if state == "cancelled" else None)
        if state == "accepted":  # the reviewer's annotated copy, which editors download
            assignment.annotated_sha256, assignment.annotated_mimetype = (
                save_bytes(data), review_file.mimetype)
        new_nonce(assignment)
        db.session.add(assignment)
        db.session.flush()
        world.assignments[relation] = assignment.id
        if relation == "invited_reviewer":
            world.token = make_token(assignment)
    world.review_file = review_file.id
    _messages(world, manuscript, data)


def _messages(world: World, manuscript, data: bytes) -> None:
    from review.message_models import Message, MessageAttachment, MessageThread

    assignment_id = world.assignments["accepted_reviewer"]
    thread = MessageThread(key=f"assignment:{assignment_id}", manuscript_id=manuscript.id,
                           kind="reviewer", assignment_id=assignment_id)
    message = Message(thread=thread, side="editors", sender_id=world.users["editor"],
                      body="请查看附件。", nonce="matrix-nonce")
    attachment = MessageAttachment(message=message, filename="附件.docx", size=len(data),
                                   sha256=save_bytes(data), state="ready",
                                   mimetype="application/vnd.openxmlformats-officedocument."
                                            "wordprocessingml.document")
    db.session.add_all([thread, message, attachment])
    db.session.flush()
    world.thread, world.attachment = thread.id, attachment.id
    from review.deadline_models import RevisionExtension

    now = utcnow()
    extension = RevisionExtension(round_id=thread.assignment.round_id,
                                  requested_by_id=world.users["submitter"], due_at=now,
                                  requested_due_at=now + timedelta(days=14), reason="出差",
                                  state="refused", answered_by_id=world.users["editor"],
                                  answered_at=now)
    db.session.add(extension)
    db.session.flush()
    world.extension = extension.id


def _publishing(world: World, column) -> None:
    from publishing import services

    editor = db.session.get(User, world.users["editor"])
    accepted = _with_authors(world, "accepted", column)
    world.accepted = accepted.id
    issue = services.create_issue(editor, year=2026, number=1, volume=39,
                                  publication_date=date(2026, 1, 1))
    world.issue = issue.id
    world.article = services.schedule(accepted, issue, editor).id
    from production.models import AgreementDocument, ProofRound

    pdf = save_bytes(b"%PDF-1.4 a signed agreement, a proof")
    db.session.add(AgreementDocument(manuscript_id=accepted.id, sha256=pdf))
    db.session.add(ProofRound(manuscript_id=accepted.id, number=1, sha256=pdf, size=40,
                              due_at=utcnow(), nonce="0" * 32))
    from production.models import Fee

    fee = Fee(manuscript_id=accepted.id, kind="page", state="reported", amount=1800,
              due_on=date(2026, 12, 31), paid_on=date(2026, 12, 1), payer="张伟",
              paid_amount=1800, receipt_sha256=pdf, receipt_mimetype="application/pdf",
              reported_at=utcnow())
    db.session.add(fee)
    db.session.flush()
    world.fee = fee.id
    from core.jobs import start_job
    from publishing.tasks import SITE_BUILD

    world.job = start_job(SITE_BUILD, about=("issue", issue.id)).id
    from publishing.models import CrossrefDeposit

    deposit = CrossrefDeposit(article_id=world.article, state="failed")
    db.session.add(deposit)
    db.session.flush()
    world.deposit = deposit.id


def build_world() -> World:
    """Create the world in the current app context (and request context) and commit it."""
    world = World()
    for relation in RELATIONS[1:]:
        world.users[relation] = _user(relation)
    column = make_column(slug="theory", name_zh="理论研究")
    world.column = column.id
    main = _with_authors(world, "under_review", column)
    world.main = main.id
    world.main_file = _file(main.id, world.users["submitter"])
    draft = _with_authors(world, "draft", column)
    world.draft = draft.id
    _file(draft.id, world.users["submitter"])
    world.draft_author = draft.authors[2].id
    _review(world, main)
    _publishing(world, column)
    for position, (slug, zh, en) in enumerate(GUIDELINE_PAGES[:2]):  # the rules live on the 2nd
        db.session.add(GuidelinePage(slug=slug, position=position, title_zh=zh, title_en=en,
                                     body_zh=zh, body_en=en))
    mail = OutboxEmail(dedupe_key="matrix:failed", to_addr="submitter@example.org",
                       locale="zh_CN", template="submission/acknowledgement", subject="投稿确认",
                       body_text="…", state=MailState.FAILED, subject_type="manuscript",
                       subject_id=main.id)
    db.session.add(mail)
    db.session.flush()
    world.mail = mail.id
    db.session.commit()
    return world
