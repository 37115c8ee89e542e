"""`flask --app wsgi site build|import-legacy`."""

import click
from flask import Flask

from core.extensions import db
from core.progress import command_progress


def init_app(app: Flask) -> None:
    group = click.Group("site", help="The public site: build it, import legacy articles.")

    @group.command("build")
    @click.option("--full", is_flag=True,
                  help="Render every page (only changed files are written).")
    @click.option("--no-wait", is_flag=True, help="Refuse instead of waiting for a running build.")
    @click.option("--reindex", is_flag=True, help="Segment every article for the search again.")
    def build(full: bool, no_wait: bool, reindex: bool) -> None:
        """Render the public site into SITE_DIR."""
        from publishing.build import BuildBusy, build_site

        try:
            with command_progress("Rendering pages") as progress:
                report = build_site(wait=not no_wait, full=full, reindex=reindex,
                                    progress=progress)
        except BuildBusy as exc:
            raise click.ClickException(f"{exc}; try again when it has finished") from exc
        click.echo(" ".join(f"{k}={v}" for k, v in report.summary().items()))

    @group.command("import-legacy")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False))
    def import_legacy(source: str) -> None:
        """Import old articles (CSV or JSON) keeping their /qikandaodu/... addresses."""
        from publishing.legacy import LegacyImportError, import_file

        try:
            with command_progress("Importing articles") as progress:
                report = import_file(source, progress=progress)
        except LegacyImportError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from exc
        db.session.commit()
        click.echo(f"imported={report['imported']} updated={report['updated']}")
        click.echo("run `flask --app wsgi site build` to render them")

    app.cli.add_command(group)
