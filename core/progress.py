"""How far a long command is: a bar with a count and the time left when it runs in a terminal,
plain lines every few seconds when it does not (CI logs, cron mail). The reporter has the same
shape as a job's (core.jobs): `progress(done, total)`.

    with command_progress("Rendering pages") as progress:
        build_site(progress=progress)
"""

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)


class Every:
    """When a reporter may speak: the first time, at most every `seconds` after, and always at
    the last step (done reached total), so a tight loop neither writes nor prints per item."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.clock = seconds, clock
        self._last: float | None = None

    def due(self, done: int, total: int | None) -> bool:
        now = self.clock()
        finished = total is not None and done >= total
        if self._last is not None and now - self._last < self.seconds and not finished:
            return False
        self._last = now
        return True


class _Lines:
    """Plain lines: at the start, at most every `every` seconds, and at the end."""

    def __init__(self, label: str, stream: TextIO, every: float, clock: Callable[[], float]):
        self.label, self.stream, self.when = label, stream, Every(every, clock)
        self._shown: tuple[int, int | None] | None = None

    def __call__(self, done: int, total: int | None = None) -> None:
        if self._shown == (done, total) or not self.when.due(done, total):
            return
        self._shown = (done, total)
        share = f" ({100 * done // total}%)" if total else ""
        of = f"/{total}" if total is not None else ""
        print(f"{self.label}: {done}{of}{share}", file=self.stream, flush=True)


@contextmanager
def command_progress(label: str, stream: TextIO | None = None, every: float = 5.0,
                     terminal: bool | None = None,
                     clock: Callable[[], float] = time.monotonic
                     ) -> Iterator[Callable[[int, int], None]]:
    stream = stream or sys.stderr
    if terminal is None:
        terminal = stream.isatty()
    if not terminal:
        yield _Lines(label, stream, every, clock)
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=Console(file=stream, force_terminal=True),
                   transient=False)
    task = bar.add_task(label, total=None)
    with bar:
        yield lambda done, total=None: bar.update(task, completed=done, total=total)
