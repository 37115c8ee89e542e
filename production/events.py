"""Production's domain events; production.notifications turns them into mails."""

from blinker import signal

# (signature, reminder=bool): an author is asked to sign, first at acceptance, then reminded
agreement_requested = signal("production-agreement-requested")
# (manuscript): every author has signed; the PDF is being made
agreement_completed = signal("production-agreement-completed")
# (proof): a round's proof is sent to the corresponding authors
proof_sent = signal("production-proof-sent")
# (proof, overdue=bool, at=datetime): a reminder before or after the due date
proof_due = signal("production-proof-due")
# (proof): the author approved the proof or sent corrections
proof_answered = signal("production-proof-answered")
# (fee): a fee's amount is set; its notice (缴费通知) goes to the authors
fee_due = signal("production-fee-due")
# (fee): an author reported a payment
fee_reported = signal("production-fee-reported")
# (fee): the office confirmed or returned a reported payment
fee_reviewed = signal("production-fee-reviewed")
