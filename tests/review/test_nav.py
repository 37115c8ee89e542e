"""The navigation offers the review pages through the policy, by role; the editors' list of
manuscripts in review is the desk's, and its old address leads there."""

import pytest


@pytest.mark.parametrize(
    ("roles", "my_reviews", "desk"),
    [(("author",), False, False), (("reviewer",), True, False), (("editor",), False, True)],
)
def test_review_links_follow_the_policy(client, make_user, login, roles, my_reviews, desk):
    login(client, make_user(roles=roles))
    html = client.get("/account/profile?lang=en").get_data(as_text=True)
    assert ('href="/review/mine"' in html) is my_reviews
    assert ('href="/desk/"' in html) is desk
    assert 'href="/review/editor"' not in html


def test_the_old_list_of_manuscripts_in_review_leads_to_the_desk(client, make_user, login):
    login(client, make_user(roles=("editor",)))
    response = client.get("/review/editor")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/desk/?queue=in_review")
    desk = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="/review/letter-templates/accept"' in desk  # the list's links are the desk's
    assert 'href="/review/rubrics/default"' in desk
