"""Password hashing with argon2, and the rule for what counts as a weak password."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10

# The most common passwords of at least MIN_LENGTH characters, and the patterns people reach for.
COMMON = {
    "1234567890", "0123456789", "1234567890a", "qwertyuiop", "1q2w3e4r5t", "password12",
    "password123", "iloveyou12", "abcdefghij", "a123456789", "qwerty1234", "asdfghjkl1",
    "1qaz2wsx3edc", "woaini1314", "5201314520", "11111111111", "88888888888", "aaaaaaaaaa",
    "zxcvbnm123", "passw0rd12",
}

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password is too weak (a message for the user), or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return _l("The password must have at least %(n)s characters.", n=MIN_LENGTH)
    lowered = password.lower()
    local_part = email.split("@")[0].lower()
    if (lowered in COMMON or len(set(lowered)) < 4
            or (len(local_part) >= 4 and local_part in lowered)):
        return _l("This password is too easy to guess. Please choose a longer or less common one.")
    return None
