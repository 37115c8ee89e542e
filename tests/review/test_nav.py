"""The navigation offers the review pages through the policy, by role."""

import pytest


@pytest.mark.parametrize(
    ("roles", "my_reviews", "peer_review"),
    [(("author",), False, False), (("reviewer",), True, False), (("editor",), False, True)],
)
def test_review_links_follow_the_policy(client, make_user, login, roles, my_reviews, peer_review):
    login(client, make_user(roles=roles))
    html = client.get("/account/profile?lang=en").get_data(as_text=True)
    assert ('href="/review/mine"' in html) is my_reviews
    assert ('href="/review/editor"' in html) is peer_review
