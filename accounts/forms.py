"""Account forms. Every field has a visible label; every message is in the user's language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from accounts.passwords import MIN_LENGTH as MIN_PASSWORD
from accounts.passwords import password_problem
from core.i18n import LANGUAGES
from core.mail import has_line_breaks

# also used by other packages' forms
__all__ = ["MIN_PASSWORD", "ORCID_INVALID", "normalise_orcid", "single_line", "strong_password",
           "valid_orcid"]

REQUIRED = DataRequired(message=_l("Please fill in this field."))
VALID_EMAIL = Email(message=_l("Please enter a valid email address, such as name@example.org."))


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2 check digit of an ORCID iD (0000-0002-1825-0097)."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def normalise_orcid(text: str) -> str:
    """The ORCID iD in `text` (bare or as its https://orcid.org/ address) written as
    0000-0002-1825-0097, or "" when it is not one (wrong shape or check digit)."""
    value = (text or "").strip().upper()
    for prefix in ("HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/"):
        value = value.removeprefix(prefix)
    parts = value.split("-")
    if (len(parts) == 4 and all(len(p) == 4 for p in parts)
            and value.replace("-", "")[:-1].isdigit() and orcid_checksum_ok(value)):
        return value
    return ""


ORCID_INVALID = _l("This is not a valid ORCID iD (format 0000-0002-1825-0097).")


def valid_orcid(_form, field) -> None:
    value = normalise_orcid(field.data)
    if not value:
        raise ValidationError(ORCID_INVALID)
    field.data = value


def single_line(_form, field) -> None:
    """Names, subjects and titles end up in mail headers, where a line break would end the
    header (or make the mail fail): refuse them here, with the person's text kept."""
    if isinstance(field.data, str) and has_line_breaks(field.data):
        raise ValidationError(_l("Please write this on one line, without line breaks or "
                                 "control characters."))


def strong_password(form, field) -> None:
    email = form.email.data if hasattr(form, "email") else ""
    problem = password_problem(field.data or "", email or "")
    if problem:
        raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[REQUIRED, VALID_EMAIL])
    password = PasswordField(_l("Password"), validators=[REQUIRED])
    remember = BooleanField(_l("Remember me on this computer"))
    submit = SubmitField(_l("Log in"))


class RegisterForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[REQUIRED, VALID_EMAIL, Length(max=255)])
    password = PasswordField(_l("Password"), validators=[REQUIRED, Length(max=200),
                                                         strong_password],
                             description=_l("At least 10 characters; a short sentence is best."))
    name = StringField(_l("Name"), validators=[REQUIRED, Length(max=100), single_line])
    name_pinyin = StringField(
        _l("Name in Hanyu Pinyin"), validators=[Optional(), Length(max=200), single_line],
        description=_l("Suggested from your name; correct it if needed (e.g. Zhang Weiguo)."))
    affiliation = StringField(_l("Affiliation"),
                              validators=[Optional(), Length(max=300), single_line])
    orcid = StringField(_l("ORCID (optional)"), validators=[Optional(), valid_orcid])
    submit = SubmitField(_l("Create account"))


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), validators=[REQUIRED, Length(max=100), single_line])
    name_pinyin = StringField(_l("Name in Hanyu Pinyin"),
                              validators=[Optional(), Length(max=200), single_line])
    affiliation = StringField(_l("Affiliation"),
                              validators=[Optional(), Length(max=300), single_line])
    orcid = StringField(_l("ORCID (optional)"), validators=[Optional(), valid_orcid])
    locale = SelectField(_l("Preferred language"), choices=[
        SelectChoice(code, label) for code, label in LANGUAGES.items()])
    expertise = TextAreaField(
        _l("Expertise keywords"), validators=[Optional(), Length(max=1000)],
        description=_l("Separate keywords with commas; editors use them to find reviewers."))
    submit = SubmitField(_l("Save profile"))


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[REQUIRED, VALID_EMAIL])
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[REQUIRED, Length(max=200),
                                                             strong_password])
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        REQUIRED, EqualTo("password", message=_l("The two passwords are not the same."))])
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[REQUIRED])
    password = PasswordField(_l("New password"), validators=[REQUIRED, Length(max=200),
                                                             strong_password],
                             description=_l("At least 10 characters; a short sentence is best."))
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        REQUIRED, EqualTo("password", message=_l("The two passwords are not the same."))])
    submit = SubmitField(_l("Change password"))
