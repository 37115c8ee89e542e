"""Signal receivers: freeze the final metadata at acceptance; republish the public site when
a guideline page, a column or the journal's settings change (the builder then rewrites only
the pages that show them)."""

from journal.signals import column_changed, guideline_page_changed, journal_settings_changed
from publishing.services import freeze_metadata
from publishing.tasks import request_site_build
from submission.workflow import State, manuscript_advanced


@manuscript_advanced.connect
def _freeze_at_acceptance(manuscript, event, **_kwargs) -> None:
    if event.to_state == State.ACCEPTED:
        freeze_metadata(manuscript)


@guideline_page_changed.connect
@column_changed.connect
@journal_settings_changed.connect
def _republish(_sender, **_kwargs) -> None:
    request_site_build()
