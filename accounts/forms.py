from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

MIN_PASSWORD = 10


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Remember me"))
    submit = SubmitField(_l("Log in"))


class RegisterForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=255)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)]
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    name_pinyin = StringField(_l("Name in Hanyu Pinyin"), validators=[Optional(), Length(max=200)])
    affiliation = StringField(_l("Affiliation"), validators=[Optional(), Length(max=300)])
    orcid = StringField(_l("ORCID (optional)"), validators=[Optional(), Length(max=19)])
    submit = SubmitField(_l("Create account"))
