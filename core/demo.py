"""Demo content for a local install: each package registers its part with
`@demo_loader(order=N)`; `load_demo` runs them in order and commits once."""

from collections.abc import Callable

from core.extensions import db

DEMO_LOADERS: list[tuple[int, Callable[[], list[str]]]] = []


def demo_loader(order: int):
    def register(fn):
        DEMO_LOADERS.append((order, fn))
        return fn

    return register


def load_demo() -> list[str]:
    lines: list[str] = []
    for _order, loader in sorted(DEMO_LOADERS, key=lambda item: item[0]):
        lines.extend(loader())
        db.session.flush()
    db.session.commit()
    return lines
