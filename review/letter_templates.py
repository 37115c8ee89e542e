"""Decision letter templates: rendered in Jinja's sandbox, and checked when they are saved.

A template the sandbox refuses, with a syntax error, or naming a placeholder the letter does not
have is refused at saving, with the reason, where the editor can fix it; never when a decision
is sent. A template stored before this check falls back to the default letter.
"""

from datetime import date

from flask_babel import gettext as _
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from sqlalchemy import select

from core.extensions import db
from core.mail import one_line
from core.refusals import Invalid
from review.models import LetterTemplate, Verdict

# What draft_letter (review.decisions) gives a template; a new placeholder is added here too.
PLACEHOLDERS = {
    "authors": "张伟、李娜", "title": "高校图书馆数据服务研究", "number": "HBKJTY-2026-0001",
    "journal": "河北科技图苑", "editor": "赵敏", "due": date(2026, 1, 31).isoformat(),
    "reviews": "Reviewer A:\n论证充分。\n\nReviewer B:\n请补充数据来源。",
    "chief_editor_step": True,
}
FIELDS = ("subject_zh", "body_zh", "subject_en", "body_en")

_env = ImmutableSandboxedEnvironment(autoescape=False)
_strict = ImmutableSandboxedEnvironment(autoescape=False, undefined=StrictUndefined)


class LetterTemplateError(Invalid):
    """A template that cannot be a letter (its page shows why, field by field, before saving)."""


def problem_with(source: str) -> str | None:
    """Why `source` cannot be a letter template, in the user's language, or None."""
    try:
        _strict.from_string(source).render(PLACEHOLDERS)
    except TemplateSyntaxError as exc:
        return _("This template has an error on line %(line)s: %(error)s",
                 line=exc.lineno, error=exc.message)
    except SecurityError as exc:
        return _("This template uses something that is not allowed in letters (%(error)s). "
                 "Use only the placeholders listed above.", error=exc)
    except TemplateError as exc:
        return _("This template cannot be filled in (%(error)s). Use only the placeholders "
                 "listed above.", error=exc.message)
    except Exception as exc:  # e.g. arithmetic on a text placeholder
        return _("This template cannot be filled in (%(error)s). Use only the placeholders "
                 "listed above.", error=exc)
    return None


def editable_template(verdict: Verdict, default: tuple[str, str, str, str]) -> LetterTemplate:
    """The stored template of a verdict, or a new one holding `default` (subject_zh,
    subject_en, body_zh, body_en), not stored: opening the editor changes nothing."""
    template = db.session.scalar(select(LetterTemplate).where(
        LetterTemplate.verdict == verdict.value))
    if template is None:
        subject_zh, subject_en, body_zh, body_en = default
        template = LetterTemplate(verdict=verdict.value, subject_zh=subject_zh,
                                  subject_en=subject_en, body_zh=body_zh, body_en=body_en)
    return template


def save_letter_template(template: LetterTemplate, **sources: str) -> LetterTemplate:
    """Check every part, then store them (its page asks the policy for review.edit_templates)."""
    problems = [problem for field in FIELDS if (problem := problem_with(sources.get(field) or ""))]
    if problems:
        raise LetterTemplateError(" ".join(problems))
    for field in FIELDS:
        setattr(template, field, sources[field])
    if template.id is None:
        db.session.add(template)
    db.session.flush()
    return template


def render_letter(template: LetterTemplate, context: dict, english: bool,
                  default: tuple[str, str, str, str]) -> tuple[str, str]:
    """(subject, body) of the letter; the subject is one line (it becomes a mail header).
    `default` is (subject_zh, subject_en, body_zh, body_en) of the journal's default letter."""
    subject = template.subject_en if english else template.subject_zh
    body = template.body_en if english else template.body_zh
    try:
        rendered = _env.from_string(subject).render(context), _env.from_string(body).render(context)
    except Exception:  # stored before templates were checked: the default letter goes out
        subject_zh, subject_en, body_zh, body_en = default
        rendered = (_env.from_string(subject_en if english else subject_zh).render(context),
                    _env.from_string(body_en if english else body_zh).render(context))
    return one_line(rendered[0]), rendered[1]
