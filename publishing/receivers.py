"""Signal receivers: freeze the final metadata at acceptance; republish the site when a
guideline page or a column changes (signals sent by the journal's admin services)."""

from blinker import signal

from publishing.services import freeze_metadata
from publishing.tasks import request_site_build
from submission.workflow import State, manuscript_advanced


@manuscript_advanced.connect
def _freeze_at_acceptance(manuscript, event, **_kwargs) -> None:
    if event.to_state == State.ACCEPTED:
        freeze_metadata(manuscript)


def _republish(_sender, **_kwargs) -> None:
    request_site_build()


# Named signals: the same object as the journal's, whichever module defines them.
for _name in ("guideline_page_changed", "column_changed", "journal_settings_changed"):
    signal(_name).connect(_republish, weak=False)
