"""ORCID iDs on a manuscript's author rows: checked by their ISO 7064 MOD 11-2 check digit
(never looked up), written the standard way, taken from the profile of a linked account."""

import pytest

from accounts.forms import normalise_orcid
from tests.submission.test_author_rows import _draft_with_co_author, _row_id
from tests.submission.test_coauthors import LINA, build, link_for, row
from tests.submission.test_views import author, column_id, text  # noqa: F401 - fixtures


@pytest.mark.parametrize(("given", "kept"), [
    ("0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
    (" 0000-0002-1694-233x ", "0000-0002-1694-233X"),  # check digit 10 is written X
    ("0000-0002-1825-0098", ""),  # wrong check digit
    ("0000-0002-1825", ""),
    ("0000-000X-1825-0097", ""),
    ("", ""),
])
def test_orcid_ids_are_checked_by_their_check_digit(given, kept):
    assert normalise_orcid(given) == kept


def test_a_co_authors_orcid_is_checked_and_kept(app, client, login, author,  # noqa: F811
                                                 column_id):  # noqa: F811
    manuscript_id = _draft_with_co_author(client, login, author, column_id)
    row_id = _row_id(app, manuscript_id, "lina@example.org")
    edit = f"/manuscripts/{manuscript_id}/authors/{row_id}/edit"
    fields = {"edit-name": "李娜", "edit-email": "lina@example.org",
              "edit-affiliation": "河北师范大学", "edit-locale": "zh_CN"}
    refused = client.post(edit, data=fields | {"edit-orcid": "0000-0002-1825-0098"})
    assert refused.status_code == 400 and "不是有效的 ORCID" in text(refused)
    assert row(app, manuscript_id, "lina@example.org").orcid == ""
    saved = client.post(edit, data=fields | {"edit-orcid": "https://orcid.org/0000-0002-1825-0097"})
    assert saved.status_code == 302
    assert row(app, manuscript_id, "lina@example.org").orcid == "0000-0002-1825-0097"
    assert "ORCID 0000-0002-1825-0097" in text(client.get(
        f"/manuscripts/{manuscript_id}/wizard/authors"))


def test_the_submitters_row_takes_the_orcid_of_the_profile(app, client, login, quick_user,
                                                            column_id):  # noqa: F811
    me = quick_user(name="张伟", email="zhangwei@example.org", orcid="0000-0002-1825-0097")
    login(client, me)
    manuscript_id = int(client.post("/submit", data={"column": column_id}).location.split("/")[2])
    assert row(app, manuscript_id, "zhangwei@example.org").orcid == "0000-0002-1825-0097"


def test_confirming_authorship_brings_the_profiles_orcid(app, client, login, author,  # noqa: F811
                                                         quick_user, outbox):
    manuscript_id = build(app, author, LINA)
    lina = quick_user(name="李娜", email="lina@example.org", orcid="0000-0002-1694-233X")
    login(client, lina)
    assert client.post(link_for(outbox, "lina@example.org") + "/confirm").status_code == 302
    assert row(app, manuscript_id, "lina@example.org").orcid == "0000-0002-1694-233X"
