"""Forms of the production pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from production.models import Step
from submission import files


class SignForm(FlaskForm):
    version = HiddenField()
    name = StringField(_l("Your name, as a signature"), validators=[DataRequired(),
                                                                    Length(max=100)])
    declared = BooleanField(_l("I have read the agreement above and accept it as an author "
                               "of this work."), validators=[DataRequired()])
    submit = SubmitField(_l("Sign the agreement"))


class AgreementTextForm(FlaskForm):
    body_zh = TextAreaField(_l("Agreement (Chinese)"), validators=[DataRequired()],
                            render_kw={"rows": 12})
    body_en = TextAreaField(_l("Agreement (English)"), render_kw={"rows": 12})
    submit = SubmitField(_l("Save as a new version"))


class OverrideForm(FlaskForm):
    step = SelectField(_l("Step"), choices=Step.choices())
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("Go on without this step"))


class ProofUploadForm(FlaskForm):
    proof = FileField(_l("Typeset proof (PDF)"), validators=[FileRequired()])
    submit = SubmitField(_l("Send this proof to the author"))


class ApproveForm(FlaskForm):
    submit = SubmitField(_l("Approve the proof"))


class CorrectionRow(Form):
    page = StringField(_l("Page"), validators=[Length(max=10)])
    line = StringField(_l("Line"), validators=[Length(max=10)])
    was = StringField(_l("The text says"), validators=[Length(max=500)])
    should = StringField(_l("It should say"), validators=[Length(max=500)])


def _a_file_we_take(_form, field) -> None:
    """Checked here too, so that a refused file comes back with the rows still filled in."""
    if field.data:
        data = field.data.read()
        field.data.seek(0)
        try:
            files.classify(data)
        except files.FileRejected as exc:
            raise ValidationError(str(exc)) from exc


class CorrectionsForm(FlaskForm):
    rows = FieldList(FormField(CorrectionRow), min_entries=8, max_entries=60)
    annotated = FileField(_l("Annotated file (PDF or Word, optional)"),
                          validators=[_a_file_we_take])
    note = TextAreaField(_l("Note to the editor (optional)"), validators=[Length(max=5000)],
                         render_kw={"rows": 3})
    submit = SubmitField(_l("Send the corrections"))
