"""What happens to accounts, for other modules to react to (the mails: accounts/notifications.py).

The services send these in the caller's transaction, after the change is flushed.
"""

from blinker import Namespace

_events = Namespace()

# sender=User (the owner of the address); someone tried to register it again
registration_attempted = _events.signal("registration-attempted")
# sender=User; occasion=str (one mail per registration, resend or refused login)
confirmation_requested = _events.signal("confirmation-requested")
# sender=User (active); a new password was asked for
password_reset_requested = _events.signal("password-reset-requested")
