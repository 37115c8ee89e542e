"""Forms of the administration pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectMultipleField,
    SubmitField,
    widgets,
)
from wtforms.validators import NumberRange

from accounts.forms import REQUIRED
from accounts.models import ROLE_TITLES


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def count(label, low=0, high=1_000_000):
    return IntegerField(label, validators=[REQUIRED, NumberRange(min=low, max=high)])


class UserRolesForm(FlaskForm):
    roles = CheckboxesField(_l("Roles"), choices=[
        SelectChoice(role.value, title) for role, title in ROLE_TITLES.items()])
    active = BooleanField(_l("Account active (can log in)"))
    submit = SubmitField(_l("Save roles"))

