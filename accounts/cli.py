"""`flask --app wsgi create-user EMAIL --role ROLE` and the demo accounts."""

import secrets

import click
from flask import Flask

from accounts.models import Role
from accounts.services import AccountError, register_user
from core.demo import demo_loader
from core.extensions import db

DEMO_PASSWORD = "kanwu-demo-2026"  # noqa: S105 - demo accounts on a local install only

DEMO_ACCOUNTS = [
    ("admin@demo.kanwu", "管理员 王芳", (Role.ADMIN,)),
    ("chief@demo.kanwu", "主编 李建国", (Role.CHIEF_EDITOR, Role.EDITOR)),
    ("editor@demo.kanwu", "编辑 赵敏", (Role.EDITOR,)),
    ("reviewer@demo.kanwu", "审稿人 陈晓明", (Role.REVIEWER,)),
    ("reviewer2@demo.kanwu", "审稿人 刘洋", (Role.REVIEWER,)),
    ("author@demo.kanwu", "作者 张伟", (Role.AUTHOR,)),
]


@demo_loader(order=20)
def load_demo_accounts() -> list[str]:
    lines = []
    for email, label, roles in DEMO_ACCOUNTS:
        name = label.split(" ", 1)[1]
        try:
            register_user(email=email, password=DEMO_PASSWORD, name=name,
                          affiliation="河北省某高校图书馆", roles=roles, confirmed=True)
        except AccountError:
            lines.append(f"  exists  {email}")
            continue
        lines.append(f"  {label:<12} {email:<24} password: {DEMO_PASSWORD}")
    return ["Demo accounts:", *lines]


def init_app(app: Flask) -> None:
    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", "roles", multiple=True, default=["author"], show_default=True,
                  type=click.Choice([r.value for r in Role]))
    @click.option("--name", default="", help="Display name (defaults to the email's local part)")
    @click.option("--password", default="", help="Password (generated and printed when omitted)")
    def create_user(email: str, roles: tuple[str, ...], name: str, password: str) -> None:
        """Create a confirmed account with the given roles."""
        password = password or secrets.token_urlsafe(12)
        try:
            register_user(email=email, password=password, name=name or email.split("@")[0],
                          roles=tuple(Role(r) for r in roles), confirmed=True)
        except AccountError as exc:
            raise click.ClickException(str(exc.message)) from exc
        db.session.commit()
        click.echo(f"created {email} ({', '.join(roles)}) password: {password}")
