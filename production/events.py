"""Production's domain events; production.notifications turns them into mails."""

from blinker import signal

# (signature, reminder=bool): an author is asked to sign, first at acceptance, then reminded
agreement_requested = signal("production-agreement-requested")
# (manuscript): every author has signed; the PDF is being made
agreement_completed = signal("production-agreement-completed")
