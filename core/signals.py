"""Signals of the journal shell, for other packages to react to (e.g. republish static pages).

They are sent by the services after the change is flushed and before the commit; a receiver
that does slow work should queue a task rather than do it inline.
"""

from blinker import Namespace

_signals = Namespace()

# sender=GuidelinePage, actor=User
guideline_page_changed = _signals.signal("guideline-page-changed")
# sender=Column, actor=User, created=bool
column_changed = _signals.signal("column-changed")
# sender=Journal, actor=User (names, identifiers, review mode or submission rules changed)
journal_settings_changed = _signals.signal("journal-settings-changed")
