"""Forms of the editors' publishing pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from accounts.forms import ORCID_INVALID, normalise_orcid
from publishing.services import CORRECTION_NOTE_NEEDED


class IssueForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(1950, 2200)])
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(1, 12)])
    volume = IntegerField(_l("Volume"), validators=[InputRequired(), NumberRange(1, 1000)])
    publication_date = DateField(_l("Publication date"), validators=[Optional()])
    title_zh = StringField(_l("Title (Chinese, optional)"), validators=[Length(max=200)])
    title_en = StringField(_l("Title (English, optional)"), validators=[Length(max=200)])
    submit = SubmitField(_l("Save issue"))


class IssueEditForm(FlaskForm):
    publication_date = DateField(_l("Publication date"), validators=[InputRequired()])
    title_zh = StringField(_l("Title (Chinese, optional)"), validators=[Length(max=200)])
    title_en = StringField(_l("Title (English, optional)"), validators=[Length(max=200)])
    submit = SubmitField(_l("Save issue"))


class CoverForm(FlaskForm):
    cover = FileField(_l("Cover image (PNG or JPEG)"), validators=[FileRequired()])
    submit = SubmitField(_l("Upload cover"))


class ScheduleForm(FlaskForm):
    manuscript_id = SelectField(_l("Accepted manuscript"), coerce=int,
                                validators=[InputRequired()])
    submit = SubmitField(_l("Schedule into this issue"))


class ArrangeForm(FlaskForm):
    position = IntegerField(_l("Order"), validators=[InputRequired(), NumberRange(0, 999)])
    page_start = IntegerField(_l("First page"), validators=[Optional(), NumberRange(1, 9999)])
    page_end = IntegerField(_l("Last page"), validators=[Optional(), NumberRange(1, 9999)])
    submit = SubmitField(_l("Save"))


class MetadataForm(FlaskForm):
    title_zh = StringField(_l("Title (Chinese)"), validators=[DataRequired(), Length(max=500)])
    title_en = StringField(_l("Title (English)"), validators=[Length(max=500)])
    authors = TextAreaField(
        _l("Authors, one per line: name | pinyin | affiliation | English affiliation | city "
           "| postcode | * for the corresponding author | ORCID iD"), render_kw={"rows": 4})
    abstract_zh = TextAreaField(_l("Abstract (Chinese)"), render_kw={"rows": 5})
    abstract_en = TextAreaField(_l("Abstract (English)"), render_kw={"rows": 5})
    keywords_zh = StringField(_l("Keywords (Chinese, separated by ；or ;)"))
    keywords_en = StringField(_l("Keywords (English, separated by ;)"))
    clc_number = StringField(_l("CLC number"), validators=[Length(max=50)])
    document_code = StringField(_l("Document code"), validators=[Length(max=5)])
    funding = TextAreaField(_l("Funding"), render_kw={"rows": 2})
    note_zh = TextAreaField(_l("Correction note (Chinese; required once published)"),
                            render_kw={"rows": 2})
    note_en = TextAreaField(_l("Correction note (English)"), render_kw={"rows": 2})
    submit = SubmitField(_l("Save metadata"))

    def __init__(self, *args, published: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.published = published

    def validate_authors(self, field) -> None:
        wrong = [a["orcid"] for a in parse_authors(field.data)
                 if a["orcid"] and not normalise_orcid(a["orcid"])]
        if wrong:
            raise ValidationError(f"{ORCID_INVALID} {', '.join(wrong)}")

    def validate_note_zh(self, field) -> None:
        """Asked here as well as by the service, so that the editor keeps what they typed."""
        if self.published and not ((field.data or "").strip() or (self.note_en.data or "").strip()):
            raise ValidationError(CORRECTION_NOTE_NEEDED)


class FinalFileForm(FlaskForm):
    file = FileField(_l("Final manuscript (.docx)"), validators=[FileRequired()])
    note_zh = TextAreaField(_l("Correction note (Chinese; required once published)"),
                            render_kw={"rows": 2})
    note_en = TextAreaField(_l("Correction note (English)"), render_kw={"rows": 2})
    submit = SubmitField(_l("Upload final manuscript"))


class GalleyForm(FlaskForm):
    file = FileField(_l("PDF galley"), validators=[FileRequired()])
    submit = SubmitField(_l("Upload PDF galley"))


class CorrectionForm(FlaskForm):
    note_zh = TextAreaField(_l("Correction note (Chinese)"), validators=[DataRequired()],
                            render_kw={"rows": 2})
    note_en = TextAreaField(_l("Correction note (English)"), render_kw={"rows": 2})
    submit = SubmitField(_l("Add correction note"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))


class PublishForm(FlaskForm):
    date_override = StringField(
        _l("Reason to publish despite the date check (only for imported back issues)"),
        validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Publish this issue"))


def split_keywords(text: str) -> list[str]:
    raw = (text or "").replace("；", ";").replace("，", ";").replace(",", ";")
    return [k.strip() for k in raw.split(";") if k.strip()]


def parse_authors(text: str) -> list[dict]:
    """One author per line: name | pinyin | affiliation | English affiliation | city |
    postcode | * (corresponding) | ORCID iD (written the standard way when it is one)."""
    authors = []
    for line in (text or "").splitlines():
        cells = [c.strip() for c in line.replace("｜", "|").split("|")]
        if not any(cells):
            continue
        cells += [""] * (8 - len(cells))
        authors.append({"name": cells[0], "name_pinyin": cells[1], "affiliation": cells[2],
                        "affiliation_en": cells[3], "city": cells[4], "postcode": cells[5],
                        "corresponding": cells[6] == "*",
                        "orcid": normalise_orcid(cells[7]) or cells[7]})
    return authors


def format_authors(authors: list[dict]) -> str:
    return "\n".join(" | ".join([a.get("name", ""), a.get("name_pinyin", ""),
                                 a.get("affiliation", ""), a.get("affiliation_en", ""),
                                 a.get("city", ""), a.get("postcode", ""),
                                 "*" if a.get("corresponding") else "",
                                 a.get("orcid", "")]).rstrip(" |")
                     for a in authors)
