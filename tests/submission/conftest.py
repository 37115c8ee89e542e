"""Fixtures of the submission tests (the editorial tests import them too)."""

from itertools import count

import pytest

from core.extensions import db


@pytest.fixture
def req_ctx(app):
    """Services run inside a request in production: messages are translated for it."""
    with app.test_request_context("/"):
        yield app


@pytest.fixture
def quick_user(app):
    """quick_user(roles=("editor",), ...) -> id: an account without a password (tests log in
    through the session), so no slow password hashing."""
    from accounts.models import Role, User

    numbers = count(1)

    def factory(roles=("author",), **fields):
        n = next(numbers)
        with app.app_context():
            user = User(email=fields.pop("email", f"quick{n}@example.org"),
                        name=fields.pop("name", f"作者{n}"), **fields)
            for role in roles:
                user.grant(Role(role))
            db.session.add(user)
            db.session.commit()
            return user.id

    return factory
