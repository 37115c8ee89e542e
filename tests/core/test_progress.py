"""Long commands say how far they are: a bar in a terminal, plain periodic lines otherwise."""

import io

from core.progress import command_progress


def test_without_a_terminal_plain_lines_every_few_seconds_and_at_the_end():
    out, now = io.StringIO(), [0.0]
    with command_progress("Rendering pages", stream=out, every=5,
                          clock=lambda: now[0]) as progress:
        progress(0, 200)
        for done in range(1, 200):
            if done % 50 == 0:
                now[0] += 6  # a few seconds pass every 50 pages
            progress(done, 200)
        progress(200, 200)
    lines = out.getvalue().splitlines()
    assert lines == ["Rendering pages: 0/200 (0%)", "Rendering pages: 50/200 (25%)",
                     "Rendering pages: 100/200 (50%)", "Rendering pages: 150/200 (75%)",
                     "Rendering pages: 200/200 (100%)"]
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()  # nothing for terminals


def test_in_a_terminal_a_bar_with_the_count():
    out = io.StringIO()
    with command_progress("Importing articles", stream=out, terminal=True) as progress:
        for done in range(0, 31):
            progress(done, 30)
    shown = out.getvalue()
    assert "Importing articles" in shown and "30/30" in shown and "\x1b[" in shown
