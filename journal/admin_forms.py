"""Forms of the journal's administration: settings, review settings, rules, pages, columns."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, Regexp

from accounts.admin_forms import CheckboxesField, count
from accounts.forms import REQUIRED, single_line
from core.clock import is_time_zone
from journal.doi import pattern_problem
from journal.models import ReviewMode

FILE_TYPES = [SelectChoice("docx", "Word (.docx)"), SelectChoice("doc", "Word 97–2003 (.doc)"),
              SelectChoice("pdf", "PDF (.pdf)"), SelectChoice("odt", "OpenDocument (.odt)")]

# Keeps the "not a whole number" error (DataRequired would replace it, and refuses 0).
FILLED = InputRequired(message=_l("Please fill in this field."))
WHOLE_NUMBER = _l("Enter a whole number from %(min)s to %(max)s.")


def known_time_zone(form, field) -> None:
    if not is_time_zone((field.data or "").strip()):
        raise ValidationError(_l("Unknown time zone: write a name like Asia/Shanghai."))


class JournalSettingsForm(FlaskForm):
    name_zh = StringField(_l("Name (Chinese)"), validators=[REQUIRED, Length(max=200), single_line])
    name_en = StringField(_l("Name (English)"), validators=[REQUIRED, Length(max=200), single_line])
    former_name = StringField(_l("Former name"), validators=[Optional(), Length(max=200)])
    issn = StringField(_l("ISSN"), validators=[Optional(), Regexp(
        r"^\d{4}-\d{3}[\dX]$", message=_l("An ISSN looks like 1234-567X."))])
    cn = StringField(_l("CN (domestic serial number)"), validators=[Optional(), Regexp(
        r"^\d{2}-\d{4}/[A-Z0-9]{1,4}$", message=_l("A CN number looks like 13-1234/G2."))])
    sponsor_zh = StringField(_l("Sponsor (Chinese)"), validators=[Optional(), Length(max=300)])
    sponsor_en = StringField(_l("Sponsor (English)"), validators=[Optional(), Length(max=300)])
    frequency_zh = StringField(_l("Frequency (Chinese)"), validators=[REQUIRED, Length(max=50)])
    frequency_en = StringField(_l("Frequency (English)"), validators=[REQUIRED, Length(max=50)])
    issues_per_year = count(_l("Issues per year"), 1, 52)
    number_prefix = StringField(_l("Manuscript number prefix"), validators=[REQUIRED, Regexp(
        r"^[A-Za-z][A-Za-z0-9]{1,19}$",
        message=_l("Use 2 to 20 Latin letters or digits, starting with a letter."))],
        description=_l("Manuscript numbers look like PREFIX-2026-0042."))
    contact_email = EmailField(_l("Contact email of the editorial office"), validators=[
        Optional(), Email(message=_l("Please enter a valid email address."))])
    time_zone = StringField(
        _l("Time zone"), validators=[REQUIRED, Length(max=64), known_time_zone],
        description=_l("Every date and time is shown on this clock, e.g. Asia/Shanghai."))
    submit = SubmitField(_l("Save settings"))


def days(label, high, low=1, description=None):
    return IntegerField(label, description=description, validators=[
        FILLED, NumberRange(min=low, max=high, message=WHOLE_NUMBER)])


def day_list(text: str) -> list[int]:
    """"3, 7" (or "3，7") -> [3, 7]; raises ValueError on anything but whole numbers."""
    parts = [p.strip() for p in (text or "").replace("，", ",").split(",")]
    return sorted({int(p) for p in parts if p}) if all(p.isdigit() for p in parts if p) \
        else int("x")


class DayList:
    """Validator: days separated by commas, each from 1 to `high` (empty: no reminders)."""

    def __init__(self, high: int):
        self.high = high

    def __call__(self, _form, field):
        try:
            found = day_list(field.data)
        except ValueError:
            raise ValidationError(_l("Write whole days separated by commas, e.g. 3,7.")) from None
        if any(not 1 <= d <= self.high for d in found):
            raise ValidationError(WHOLE_NUMBER % {"min": 1, "max": self.high})


class ReviewSettingsForm(FlaskForm):
    """Peer review (外审) and decisions (终审): what invitations, reminders, the review form
    and the decision flow follow."""

    review_mode = SelectField(_l("Review mode"), choices=ReviewMode.choices())
    response_due_days = days(_l("Days a reviewer has to answer an invitation"), 60)
    review_due_days = days(_l("Days to write the review after accepting"), 180)
    revision_due_days = days(_l("Days the authors have for a revision"), 365)
    reminder_days_before = StringField(
        _l("Remind reviewers this many days before the due date"),
        validators=[Optional(), Length(max=50), DayList(60)],
        description=_l("Days separated by commas, e.g. 3,1. Leave empty for none."))
    reminder_days_after = StringField(
        _l("Remind reviewers this many days after the due date"),
        validators=[Optional(), Length(max=50), DayList(60)],
        description=_l("Days separated by commas, e.g. 3,7. Leave empty for none."))
    required_reviews = days(_l("Completed reviews required before a decision"), 10,
                            description=_l("Fewer is possible only with a recorded reason."))
    chief_editor_step = BooleanField(
        _l("Chief editor's final decision: editors recommend, the chief editor "
           "decides"))
    tell_reviewers_outcome = BooleanField(
        _l("Tell the reviewers the decision, with the other reviewers' comments for the "
           "authors (anonymised)"))
    review_hard_lock = BooleanField(
        _l("Lock the review form at its due date (the office can extend it)"))
    save_review = SubmitField(_l("Save review settings"))


def doi_pattern(_form, field) -> None:
    problem = pattern_problem((field.data or "").strip())
    if problem:
        raise ValidationError(problem)


class DoiSettingsForm(FlaskForm):
    """The DOI prefix and suffix pattern; `preview` shows the example DOI without saving."""

    doi_prefix = StringField(
        _l("DOI prefix"), validators=[Optional(), Regexp(
            r"^10\.\d{4,9}$", message=_l("A DOI prefix looks like 10.12345."))],
        description=_l("Given by the registration agency (Crossref). Leave empty to give no "
                       "DOIs."))
    doi_suffix_pattern = StringField(
        _l("DOI suffix pattern"), validators=[REQUIRED, Length(max=200), doi_pattern],
        description=_l("Placeholders: {year}, {volume}, {issue}, {seq} (the article's place "
                       "in the issue), {id}; numbers take formats like {seq:03d}. An article "
                       "gets its DOI when it is scheduled; publication freezes it."))
    preview = SubmitField(_l("Preview"))
    save_doi = SubmitField(_l("Save DOI settings"))


class SubmissionRulesForm(FlaskForm):
    title_max_chars = count(_l("Longest title (characters)"), 5, 200)
    abstract_min_chars = count(_l("Shortest abstract (characters)"), 0, 5000)
    abstract_max_chars = count(_l("Longest abstract (characters)"), 1, 5000)
    keywords_min = count(_l("Fewest keywords"), 0, 30)
    keywords_max = count(_l("Most keywords"), 1, 30)
    length_limit_chars = count(_l("Longest manuscript (characters)"), 100, 1_000_000)
    allowed_file_types = CheckboxesField(_l("Allowed file types"), choices=FILE_TYPES,
                                         validators=[REQUIRED])
    max_file_mb = count(_l("Largest file (MB)"), 1, 60)
    save_rules = SubmitField(_l("Save submission rules"))

    def validate_abstract_max_chars(self, field):
        if (self.abstract_min_chars.data or 0) > (field.data or 0):
            raise ValidationError(_l("The longest abstract must not be shorter than the shortest."))

    def validate_keywords_max(self, field):
        if (self.keywords_min.data or 0) > (field.data or 0):
            raise ValidationError(_l("The most keywords must not be fewer than the fewest."))


class GuidelinePageForm(FlaskForm):
    title_zh = StringField(_l("Title (Chinese)"), validators=[REQUIRED, Length(max=100)])
    title_en = StringField(_l("Title (English)"), validators=[REQUIRED, Length(max=100)])
    body_zh = TextAreaField(_l("Text (Chinese, Markdown)"), validators=[Length(max=50_000)],
                            render_kw={"rows": 14})
    body_en = TextAreaField(_l("Text (English, Markdown)"), validators=[Length(max=50_000)],
                            render_kw={"rows": 14})
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Save page"))


class ColumnForm(FlaskForm):
    name_zh = StringField(_l("Name (Chinese)"), validators=[REQUIRED, Length(max=100)])
    name_en = StringField(_l("Name (English)"), validators=[REQUIRED, Length(max=100)])
    description_zh = TextAreaField(_l("Description (Chinese)"), validators=[Length(max=2000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=2000)])
    position = IntegerField(_l("Order in lists"), default=0,
                            validators=[Optional(), NumberRange(min=0, max=1000)])
    length_limit_chars = IntegerField(_l("Length limit (characters)"), validators=[
        Optional(), NumberRange(min=100, max=1_000_000)],
        description=_l("Leave empty to use the journal's general limit."))
    active = BooleanField(_l("Active (authors can submit to it)"), default=True)
    submit = SubmitField(_l("Save column"))
