"""The static pages are the same for everybody; their script learns who is signed in."""

from publishing.build import build_site


def test_static_pages_stay_the_same_for_everybody_and_carry_the_account_slot(app, journal_pages):
    with app.app_context():
        build_site()
    client = app.test_client()
    home = client.get("/")
    html = home.get_data(as_text=True)
    assert 'data-account="/account/whoami?lang=' in html and "/assets/site.js" in html
    assert "过刊浏览" in html and "文章</a>" not in html
    # the app pages point "Past issues" where the static ones do, once the archive is built
    assert 'href="/archive/">过刊浏览' in client.get("/account/login").get_data(as_text=True)
