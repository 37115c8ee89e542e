"""What happens to a manuscript's authorship, for other modules to react to (the mails:
submission/notifications.py). The moves of a manuscript are `workflow.manuscript_advanced`.

The services send these in the caller's transaction, after the change is flushed.
"""

from blinker import Namespace

_events = Namespace()

# sender=ManuscriptAuthor (pending, with an address); the submitter asked for a new link
coauthor_link_resent = _events.signal("coauthor-link-resent")
# sender=ManuscriptAuthor; "I am not an author of this paper"
coauthor_declined = _events.signal("coauthor-declined")
