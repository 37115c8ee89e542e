"""The wizard's and the author's forms. Every field has a visible label."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from accounts.forms import RegisterForm, single_line, valid_orcid
from core.i18n import LANGUAGES
from submission.models import FileKind

# 文献标识码 of the national standard for Chinese journals.
DOCUMENT_CODES = [
    SelectChoice("A", _l("A — theoretical and applied research")),
    SelectChoice("B", _l("B — report on practical technical results")),
    SelectChoice("C", _l("C — guidance and management in the profession")),
    SelectChoice("D", _l("D — general news and information")),
    SelectChoice("E", _l("E — documents and materials")),
]


class ColumnForm(FlaskForm):
    column = RadioField(_l("Column"), coerce=int, validators=[DataRequired()])
    submit = SubmitField(_l("Save and continue"))


class ChecklistForm(FlaskForm):
    checklist = BooleanField(_l("My manuscript follows every point of the author guidelines "
                                "above."), validators=[DataRequired()])
    declaration = BooleanField(
        _l("I declare that this manuscript is original, has not been published and is not "
           "under consideration elsewhere (no multiple submission, 一稿多投), that all authors "
           "agree to its submission, and that the journal may publish and distribute it in "
           "print and in the databases it is indexed in."),
        validators=[DataRequired()])
    submit = SubmitField(_l("Save and continue"))


class MetadataForm(FlaskForm):
    title_zh = StringField(_l("Title (Chinese)"),
                           validators=[Optional(), Length(max=500), single_line])
    title_en = StringField(_l("Title (English)"),
                           validators=[Optional(), Length(max=500), single_line])
    abstract_zh = TextAreaField(_l("Abstract (Chinese)"), validators=[Optional(),
                                                                      Length(max=5000)])
    abstract_en = TextAreaField(_l("Abstract (English)"), validators=[Optional(),
                                                                      Length(max=5000)])
    keywords_zh = StringField(_l("Keywords (Chinese), separated by ；"),
                              validators=[Optional(), Length(max=500)])
    keywords_en = StringField(_l("Keywords (English), separated by ;"),
                              validators=[Optional(), Length(max=500)])
    clc_number = StringField(_l("CLC number (中图分类号), e.g. G250.7"),
                             validators=[Optional(), Length(max=50)])
    document_code = SelectField(_l("Document code (文献标识码)"), choices=DOCUMENT_CODES,
                                default="A")
    grants = TextAreaField(_l("Funding: one grant per line, “fund name | grant number”"),
                           validators=[Optional(), Length(max=3000)])
    cover_letter = TextAreaField(_l("Cover letter to the editors"),
                                 validators=[Optional(), Length(max=10000)])
    competing_interests = TextAreaField(_l("Competing interests"),
                                        validators=[Optional(), Length(max=3000)])
    suggested_reviewers = TextAreaField(_l("Suggested reviewers (name, affiliation, email; "
                                           "one per line)"),
                                        validators=[Optional(), Length(max=3000)])
    opposed_reviewers = TextAreaField(_l("Opposed reviewers (one per line, with the reason)"),
                                      validators=[Optional(), Length(max=3000)])
    submit = SubmitField(_l("Save and continue"))

    REQUIRED = ("title_zh", "title_en", "abstract_zh", "abstract_en", "keywords_zh",
                "keywords_en", "clc_number")


class AuthorForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100), single_line])
    name_pinyin = StringField(_l("Name in Hanyu Pinyin (filled in for you when left empty)"),
                              validators=[Optional(), Length(max=200), single_line])
    email = StringField(_l("Email"), validators=[DataRequired(), Email(), Length(max=255)])
    affiliation = StringField(_l("Affiliation"),
                              validators=[DataRequired(), Length(max=300), single_line])
    affiliation_en = StringField(_l("Affiliation (English)"),
                                 validators=[Optional(), Length(max=300)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=20)])
    orcid = StringField(_l("ORCID iD (optional)"), validators=[Optional(), valid_orcid],
                        description=_l("Shown with the name on the published article."))
    locale = SelectField(_l("Language of this author's letters"),
                         choices=[SelectChoice(code, label) for code, label in LANGUAGES.items()],
                         default="zh_CN")
    corresponding = BooleanField(_l("Corresponding author"))
    bio = TextAreaField(_l("Short bio (birth year, gender, title, degree, research area)"),
                        validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Add author"))


class UploadForm(FlaskForm):
    file = FileField(_l("File (.docx or .pdf)"), validators=[FileRequired()])
    kind = SelectField(_l("Kind of file"),
                       choices=FileKind.choices(FileKind.MANUSCRIPT, FileKind.SUPPLEMENTARY),
                       default=FileKind.MANUSCRIPT.value)
    submit = SubmitField(_l("Upload"))


class VersionedForm(FlaskForm):
    """A form about the manuscript as the user saw it: a stale copy is refused."""

    expected_version = HiddenField(validators=[DataRequired()])


class SubmitForm(VersionedForm):
    submit = SubmitField(_l("Submit the manuscript"))


class WithdrawForm(VersionedForm):
    reason = TextAreaField(_l("Reason for the withdrawal"),
                           validators=[DataRequired(), Length(max=3000)])
    confirm = BooleanField(_l("Yes, withdraw this manuscript. This cannot be undone."),
                           validators=[DataRequired()])
    submit = SubmitField(_l("Withdraw the manuscript"))


class MoveForm(VersionedForm):
    """An editor's move on the console; the note is the letter or remark for the record."""

    action = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Note or letter to the author"),
                         validators=[Optional(), Length(max=10000)])


class AuthorshipRegisterForm(RegisterForm):
    """Registration through a co-author's link: the address is the one the link was mailed to
    (the view sets it), never what the form posts."""

    submit = SubmitField(_l("Create my account and confirm"))
