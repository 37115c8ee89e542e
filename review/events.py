"""What happens in peer review, for other modules to react to (the mails:
review/notifications.py). The decisions also move the manuscript (`workflow.manuscript_advanced`).

The services send these in the caller's transaction, after the change is flushed; the reminders
are sent by the beat tasks, which commit.
"""

from blinker import Namespace

_events = Namespace()

# sender=ReviewAssignment (with a fresh nonce); resent=bool
reviewer_invited = _events.signal("reviewer-invited")
# sender=ReviewAssignment; accepted=bool
invitation_answered = _events.signal("invitation-answered")
# sender=ReviewAssignment; the editors moved its due dates
due_dates_changed = _events.signal("due-dates-changed")
# sender=ReviewAssignment, cancelled while open; decision_id=int when a decision closed the
# round, None when the editors (or the authors' withdrawal) withdrew it
assignment_ended = _events.signal("assignment-ended")
# sender=ReviewAssignment; the review is in and locked
review_submitted = _events.signal("review-submitted")
# sender=ReviewRound (the round the revision answers); version=int, late_days=int
revision_submitted = _events.signal("revision-submitted")
# sender=Decision (a round's decision, the letter written)
decision_made = _events.signal("decision-made")
# sender=Decision (a section editor's recommendation for the chief editors' final say)
decision_recommended = _events.signal("decision-recommended")

# The anonymity gate; sender=ReviewFile
copy_held = _events.signal("copy-held")  # the worker held a copy that names an author
# recipients=list[submission.recipients.Recipient]: the authors asked for a cleaned copy
authors_asked = _events.signal("authors-asked")
upload_by_authors = _events.signal("upload-by-authors")  # held=bool: held again?
copy_released = _events.signal("copy-released")  # the copy is READY for the reviewers

# The beat's reminders; each is sent on each run it is due, the outbox keeps one mail.
# sender=ReviewAssignment; kind="response"|"review", due=datetime, delta=int (days after due)
reviewer_reminder_due = _events.signal("reviewer-reminder-due")
# sender=ReviewRound (revision requested); due=datetime, delta=int
revision_reminder_due = _events.signal("revision-reminder-due")
# sender=User (an editor); week="2026-W05", waiting=dict (review.reminders.digest_for)
digest_due = _events.signal("digest-due")

# Messages (review.messaging); sender=Message, newly stored (a double post sends nothing)
message_posted = _events.signal("message-posted")

# The revision's due date (review.deadlines); sender=RevisionExtension
extension_requested = _events.signal("extension-requested")  # the authors asked for more time
extension_answered = _events.signal("extension-answered")  # an editor granted or refused it
