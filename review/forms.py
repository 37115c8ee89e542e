"""Forms of peer review (the scoring form itself is built from the round's rubric)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from accounts.forms import single_line
from accounts.passwords import password_problem
from review.deadlines import check_request
from review.errors import ReviewInputError
from review.letter_templates import problem_with
from review.message_files import Upload, checked
from review.messaging import check_message
from review.models import Verdict
from review.ratings import QUALITY, QUALITY_PROBLEM
from review.rubric import read_rubric


def _strong_password(form, field) -> None:
    """The registration rule for passwords (accounts.passwords), with the reviewer's address."""
    problem = password_problem(field.data or "", form.reviewer_email)
    if problem:
        raise ValidationError(problem)


class AcceptInvitationForm(FlaskForm):
    declaration = BooleanField(
        _l("I have declared above any competing interest with this manuscript (a personal, "
           "financial or professional relationship, or a recent collaboration) and will keep "
           "the manuscript confidential."), validators=[DataRequired()])
    competing_interests = TextAreaField(_l("Competing interests (leave empty if none)"),
                                        validators=[Optional(), Length(max=2000)])
    password = PasswordField(_l("Choose a password for your account (optional)"),
                             validators=[Optional(), Length(max=200), _strong_password],
                             description=_l("At least 10 characters; a short sentence is best."))
    password_confirm = PasswordField(_l("Repeat the password"), validators=[
        EqualTo("password", message=_l("The two passwords are not the same."))])
    submit = SubmitField(_l("Accept the invitation"))
    reviewer_email = ""  # set by the view: the password may not contain the address


class DeclineInvitationForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=2000)])
    suggestion = TextAreaField(_l("Suggest another reviewer (name, email, expertise; optional)"),
                               validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Decline the invitation"))


class InviteForm(FlaskForm):
    reviewer_id = HiddenField()
    email = EmailField(_l("Email of a new reviewer"), validators=[Optional(), Email(),
                                                                  Length(max=255)])
    name = StringField(_l("Name of a new reviewer"),
                       validators=[Optional(), Length(max=100), single_line])
    response_days = IntegerField(_l("Days to reply"), validators=[Optional(),
                                                                  NumberRange(1, 60)])
    review_days = IntegerField(_l("Days to review after replying"),
                               validators=[Optional(), NumberRange(1, 180)])
    submit = SubmitField(_l("Invite"))


class ExtendForm(FlaskForm):
    response_due = DateField(_l("Reply by"), validators=[Optional()])
    review_due = DateField(_l("Review due"), validators=[DataRequired()])
    submit = SubmitField(_l("Change dates"))


class RatingForm(FlaskForm):
    # Any other answer (none, 0, 6, a word) gets the one message that says what is asked.
    quality = RadioField(_l("Quality of the review"), choices=[str(n) for n in QUALITY],
                         validate_choice=False,
                         validators=[AnyOf([str(n) for n in QUALITY], message=QUALITY_PROBLEM)])
    submit = SubmitField(_l("Rate"))


class DecisionForm(FlaskForm):
    verdict = RadioField(_l("Decision"), choices=Verdict.choices(), validators=[DataRequired()])
    override_reason = TextAreaField(
        _l("Reason for deciding with fewer completed reviews than required"),
        validators=[Optional(), Length(max=2000)])
    note = TextAreaField(_l("Note to the chief editor"), validators=[Optional(),
                                                                     Length(max=2000)])
    version = HiddenField()
    submit = SubmitField(_l("Write the letter"))


def _english_letter_written(form, field) -> None:
    """An English letter's field, where the form asks for one (`english_required`)."""
    if form.english_required and not (field.data or "").strip():
        raise ValidationError(_l("An author reads English: write the English letter too."))


class LetterForm(FlaskForm):
    verdict = HiddenField(validators=[DataRequired(), AnyOf([v.value for v in Verdict])])
    override_reason = HiddenField()
    version = HiddenField()
    letter_subject = StringField(_l("Subject"),
                                 validators=[DataRequired(), Length(max=500), single_line])
    letter_body = TextAreaField(_l("Letter"), validators=[DataRequired(), Length(max=50000)],
                                render_kw={"rows": 18})
    # Shown when the authors read both languages (the decision then asks for both letters).
    # (not Optional(): an empty field must still reach the check below)
    letter_subject_en = StringField(_l("Subject of the English letter"),
                                    validators=[Length(max=500), single_line])
    letter_body_en = TextAreaField(_l("English letter"), validators=[Length(max=50000)],
                                   render_kw={"rows": 18})
    submit = SubmitField(_l("Send the decision"))
    english_required = False  # the view sets it when an author reads English beside Chinese
    validate_letter_subject_en = validate_letter_body_en = _english_letter_written


class DeskRejectionForm(FlaskForm):
    """退稿 at the desk check: the editor's letter, sent to every author."""

    letter = TextAreaField(_l("Letter to the authors: why the manuscript is not sent to review"),
                           validators=[DataRequired(), Length(max=10000)], render_kw={"rows": 6})
    # Shown when an author reads English beside Chinese ones (not Optional(): see LetterForm).
    letter_en = TextAreaField(_l("The same letter in English"), validators=[Length(max=10000)],
                              render_kw={"rows": 6})
    version = HiddenField()
    submit = SubmitField(_l("Reject and send the letter"))
    english_required = False  # as LetterForm's
    validate_letter_en = _english_letter_written


def _fills_in(form, field) -> None:
    """A letter template the sandbox renders with the letter's placeholders (letter_templates)."""
    problem = problem_with(field.data or "")
    if problem:
        raise ValidationError(problem)


class LetterTemplateForm(FlaskForm):
    subject_zh = StringField(_l("Subject (Chinese)"),
                             validators=[DataRequired(), Length(max=300), single_line, _fills_in])
    body_zh = TextAreaField(_l("Letter (Chinese)"), validators=[DataRequired(), _fills_in],
                            render_kw={"rows": 12})
    subject_en = StringField(_l("Subject (English)"),
                             validators=[DataRequired(), Length(max=300), single_line, _fills_in])
    body_en = TextAreaField(_l("Letter (English)"), validators=[DataRequired(), _fills_in],
                            render_kw={"rows": 12})
    submit = SubmitField(_l("Save template"))


class RevisionForm(FlaskForm):
    revised = FileField(_l("Revised manuscript (.docx or PDF)"))
    response_letter = FileField(_l("Response letter to the reviewers (.docx or PDF)"))
    version = HiddenField()
    submit = SubmitField(_l("Submit the revision"))


class RubricForm(FlaskForm):
    criteria = TextAreaField(
        _l("Criteria, one per line: Chinese name | English name | weight | max score"),
        render_kw={"rows": 8})
    submit = SubmitField(_l("Save rubric"))
    column_id: int | None = None  # set by the view: the journal default needs a criterion

    def validate_criteria(self, field) -> None:
        _criteria, errors = read_rubric(self.column_id, field.data or "")
        if errors:
            raise ValidationError(" ".join(errors))


class MessageForm(FlaskForm):
    """A message in a thread; `place` and `actor` are set by the view, for the checks a person
    can correct (the text, each file's content) before anything is stored."""

    body = TextAreaField(_l("Message"), validators=[DataRequired(_l("Write your message."))],
                         render_kw={"rows": 5})
    attachments = MultipleFileField(_l("Attachments (Word or PDF, optional)"))
    nonce = HiddenField()
    submit = SubmitField(_l("Send"))
    place = actor = None

    @property
    def uploads(self) -> list[Upload]:
        return [Upload(f.filename or "file", f.read()) for f in self.attachments.data or []
                if getattr(f, "filename", None)]

    def validate_body(self, field) -> None:
        files = self.uploads
        for storage in self.attachments.data or []:
            if hasattr(storage, "seek"):
                storage.seek(0)  # read again by the view
        try:
            check_message(self.actor, self.place, field.data or "", files)
            for upload in files:
                checked(upload)
        except ReviewInputError as exc:
            raise ValidationError(str(exc)) from exc


class ResolveAttachmentForm(FlaskForm):
    reason = TextAreaField(_l("Reason for sending it with the names in it"),
                           render_kw={"rows": 2})


class ExtensionForm(FlaskForm):
    """The author's request for more time; `review_round` is set by the view."""

    new_due = DateField(_l("New due date"), validators=[Optional()])
    reason = TextAreaField(_l("Why you need more time"), render_kw={"rows": 3})
    submit = SubmitField(_l("Ask for more time"))
    review_round = None

    def validate_reason(self, field) -> None:
        try:
            check_request(self.review_round, self.new_due.data, field.data or "")
        except ReviewInputError as exc:
            raise ValidationError(str(exc)) from exc
