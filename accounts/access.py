"""Loading the accounts' objects for the administration pages: a person, a mail of the outbox.

Their permission is the administrator's, whatever the object: a page asks it before anything
is loaded (`permission_required`), a POST-only action leaves it to its service; a loader only
loads, or answers 404.
"""

from accounts.models import User
from core.extensions import db
from core.outbox import OutboxEmail


def load_user(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def load_mail(mail_id: int) -> OutboxEmail:
    return db.get_or_404(OutboxEmail, mail_id)
