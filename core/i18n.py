"""Languages: zh_CN by default, complete English; the choice is remembered per browser and,
chosen from the menu, in a signed-in person's profile."""

from flask import Flask, has_request_context, request, session
from flask_babel import force_locale, get_locale
from flask_login import current_user

from core.config import PROJECT_ROOT
from core.extensions import babel

LANGUAGES = {"zh_CN": "中文", "en": "English"}
DEFAULT_LOCALE = "zh_CN"


def normalise_locale(code: str | None) -> str | None:
    """Map a requested language code to a supported locale, or None when unknown."""
    if not code:
        return None
    code = code.replace("-", "_").strip()
    for supported in LANGUAGES:
        if code.lower() == supported.lower() or code.lower().split("_")[0] == supported.lower()[:2]:
            return supported
    return None


def select_locale() -> str:
    if not has_request_context():  # the command line and the worker: the default language
        return DEFAULT_LOCALE
    # `?lang=` and GET /lang/<code> choose for this browser (the session); the menu's POST
    # stores a signed-in person's choice and clears the session's, so the profile speaks.
    requested = normalise_locale(request.args.get("lang"))
    if requested:
        session["lang"] = requested
        return requested
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in LANGUAGES:
        return current_user.locale
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
    return normalise_locale(best) or DEFAULT_LOCALE


def translation_directories() -> str:
    """One catalogue folder per package under translations/ (merged by Flask-Babel)."""
    root = PROJECT_ROOT / "translations"
    dirs = sorted(str(p) for p in root.iterdir() if p.is_dir()) if root.exists() else []
    return ";".join(dirs) or str(root)


def current_locale() -> str:
    """The current UI language as one of LANGUAGES' codes (Babel itself says zh_Hans_CN)."""
    return normalise_locale(str(get_locale() or "")) or DEFAULT_LOCALE


def localized(obj, field: str) -> str:
    """`obj.<field>_zh` or `obj.<field>_en` for the current locale, falling back to Chinese."""
    en = getattr(obj, f"{field}_en", None)
    if current_locale() == "en" and en:
        return en
    return getattr(obj, f"{field}_zh", None) or en or ""


def name_in(person, locale: str | None = None) -> str:
    """A person's name as `locale` writes it: Hanyu Pinyin in English when there is one (a
    Western name's pinyin field is the name as typed), the name itself in Chinese."""
    locale = locale or current_locale()  # a mail is rendered under force_locale
    if locale == "en" and getattr(person, "name_pinyin", ""):
        return person.name_pinyin
    return person.name


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translation_directories())
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES, current_locale=current_locale, localized=localized, name_in=name_in
    )
    app.jinja_env.add_extension("jinja2.ext.do")


__all__ = ["force_locale", "init_app", "localized", "current_locale", "name_in",
           "normalise_locale"]
