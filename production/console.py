"""The production panel of the editors' manuscript console: who has signed, and a link to
the production page."""

from accounts.policy import can
from production import agreements, progress
from submission.console import console_panel
from submission.workflow import AFTER_ACCEPTANCE


@console_panel(order=55)
def production_panel(manuscript, user):
    if manuscript.state not in AFTER_ACCEPTANCE or not can(user, "production.manage",
                                                          manuscript):
        return None
    return "production/panel.html", {"manuscript": manuscript,
                                     "signatures": agreements.signatures_of(manuscript),
                                     "outstanding": progress.outstanding(manuscript)}
