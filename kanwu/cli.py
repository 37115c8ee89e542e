"""Command line: `flask --app wsgi demo` (and `db upgrade` from Flask-Migrate).

Packages add their own commands (accounts: `create-user`) and demo loaders.
"""

import click
from flask import Flask
from sqlalchemy import select

from core.extensions import db


def register_commands(app: Flask) -> None:
    @app.cli.command("demo")
    def demo() -> None:
        """Load the journal profile, columns, the six pages and demo accounts."""
        from core.demo import load_demo

        for line in load_demo():
            click.echo(line)

    @app.cli.command("demo-if-empty")
    def demo_if_empty() -> None:
        """Load the demo only into an empty database (used by `make run`)."""
        from core.demo import load_demo
        from journal.models import GuidelinePage

        if db.session.scalar(select(GuidelinePage.id).limit(1)) is None:
            for line in load_demo():
                click.echo(line)
