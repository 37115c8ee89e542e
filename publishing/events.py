"""What happens in publishing, for other modules to react to (the mails:
publishing/notifications.py).

The services send these in the caller's transaction, after the change is flushed.
"""

from blinker import Namespace

_events = Namespace()

# sender=Article; it went public with its issue (its path and date are set)
article_published = _events.signal("article-published")
