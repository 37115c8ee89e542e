"""Forms of the production pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from production.models import Step


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
