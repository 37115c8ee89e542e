"""Forms of the administration pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectMultipleField,
    SubmitField,
    widgets,
)
from wtforms.validators import NumberRange

from accounts.forms import REQUIRED
from accounts.models import Role


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def count(label, low=0, high=1_000_000):
    return IntegerField(label, validators=[REQUIRED, NumberRange(min=low, max=high)])


class UserRolesForm(FlaskForm):
    roles = CheckboxesField(_l("Roles"), choices=Role.choices())
    active = BooleanField(_l("Account active (can log in)"))
    submit = SubmitField(_l("Save roles"))

