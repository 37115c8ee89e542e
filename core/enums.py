"""Enums whose members carry their translated titles, and the database check that a column
holds one of their values.

    class State(TitledEnum):
        DRAFT = "draft", _l("Draft")

`State.DRAFT == "draft"`, `State.DRAFT.title` is "草稿" in Chinese, `State.choices()` fills a
form's select field, and `enum_check("state", State)` in a model's `__table_args__` keeps
any other value out of the column.
"""

import enum

from sqlalchemy import CheckConstraint
from wtforms.fields.choices import SelectChoice


class TitledEnum(enum.StrEnum):
    """A string enum; each member is declared with its lazily translated title."""

    def __new__(cls, value: str, title):
        member = str.__new__(cls, value)
        member._value_ = value
        member.lazy_title = title
        return member

    @property
    def title(self) -> str:
        return str(self.lazy_title)

    @classmethod
    def choices(cls, *members: "TitledEnum") -> list[SelectChoice]:
        """The members (all by default) as a select field's choices, their titles translated
        when rendered."""
        return [SelectChoice(member.value, member.lazy_title) for member in members or cls]


def enum_check(column: str, values: type[enum.StrEnum]) -> CheckConstraint:
    """The check that `column` holds one of the enum's values (NULL passes, as in SQL);
    named ck_<table>_valid_<column> by the naming convention."""
    listed = ", ".join(f"'{member.value}'" for member in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"valid_{column}")
