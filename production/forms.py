"""Forms of the production pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from production.models import FeeMode, Step
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


class PaymentForm(FlaskForm):
    paid_on = DateField(_l("Date of the transfer"), validators=[InputRequired()])
    payer = StringField(_l("Payer"), validators=[DataRequired(), Length(max=200)])
    amount = DecimalField(_l("Amount paid (yuan)"), places=2,
                          validators=[InputRequired(), NumberRange(min=0.01)])
    receipt = FileField(_l("Transfer receipt (photo or PDF)"), validators=[FileRequired()])
    invoice_title = StringField(_l("Invoice title (发票抬头)"), validators=[Length(max=200)])
    taxpayer_id = StringField(_l("Taxpayer identification number (纳税人识别号)"),
                              validators=[Length(max=30)])
    invoice_email = StringField(_l("E-mail for the electronic invoice"),
                                validators=[Optional(), Email(), Length(max=255)])
    submit = SubmitField(_l("Record the payment"))


class FeeReviewForm(FlaskForm):
    decision = RadioField(_l("Payment"), choices=[
        SelectChoice("confirm", _l("Confirm: received")),
        SelectChoice("return", _l("Return to the author"))], validators=[InputRequired()])
    note = TextAreaField(_l("Note to the author (needed to return)"),
                         validators=[Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("Save"))


class PagesForm(FlaskForm):
    pages = IntegerField(_l("Printed pages"), validators=[InputRequired(),
                                                          NumberRange(1, 200)])
    submit = SubmitField(_l("Set the amount and send the notice"))


class FeeSettingsForm(FlaskForm):
    review_mode = SelectField(_l("Review fee (审稿费, after the desk check)"),
                              choices=FeeMode.choices(FeeMode.NONE, FeeMode.FIXED))
    review_amount = DecimalField(_l("Review fee amount (yuan)"), places=2,
                                 validators=[InputRequired(), NumberRange(min=0)])
    page_mode = SelectField(_l("Page fee (版面费, after acceptance)"), choices=FeeMode.choices())
    page_amount = DecimalField(_l("Page fee amount (yuan, or yuan per page)"), places=2,
                               validators=[InputRequired(), NumberRange(min=0)])
    due_days = IntegerField(_l("Days to pay"), validators=[InputRequired(), NumberRange(1, 365)])
    bank_name = StringField(_l("Bank"), validators=[Length(max=200)])
    account_name = StringField(_l("Account name"), validators=[Length(max=200)])
    account_number = StringField(_l("Account number"), validators=[Length(max=100)])
    submit = SubmitField(_l("Save"))
