"""The desk's people: an editor and an author (and the submission tests' shared fixtures)."""

import pytest

from tests.submission.conftest import quick_user, req_ctx  # noqa: F401 - shared fixtures


@pytest.fixture
def editor(quick_user):  # noqa: F811 - the fixture imported above
    return quick_user(roles=("editor",), name="编辑赵敏")


@pytest.fixture
def author(quick_user):  # noqa: F811
    return quick_user(name="张伟")
