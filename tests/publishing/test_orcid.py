"""An author's ORCID iD on the published article: a link beside the name, the
citation_author_orcid meta tag and the JATS contrib-id; the editor's author lines keep it."""

from lxml import etree

from publishing import forms
from publishing.build import build_site
from tests.publishing.test_build import Meta, site  # noqa: F401 - fixture

ORCID = "0000-0002-1825-0097"


def test_the_article_page_and_jats_carry_the_orcid(site, publish):  # noqa: F811
    article = publish(n=1).articles[0]
    assert article.authors[0]["orcid"] == ORCID  # frozen with the rest of the metadata
    build_site()
    page = (site / article.path).read_text()
    assert f'<a class="orcid" href="https://orcid.org/{ORCID}"' in page
    meta = Meta()
    meta.feed(page)
    assert meta.values("citation_author_orcid") == [f"https://orcid.org/{ORCID}"]
    # the tag follows its author's citation_author tag
    names = [n for n, _v in meta.meta]
    assert names[names.index("citation_author_orcid") - 1] == "citation_author"
    assert meta.values("citation_author")[0] == "张伟"
    root = etree.parse(str(site / article.path.replace(".html", ".xml"))).getroot()
    contribs = root.findall("front/article-meta/contrib-group/contrib")
    assert contribs[0][0].tag == "contrib-id"  # first, as the JATS content model has it
    assert contribs[0].find("contrib-id").get("contrib-id-type") == "orcid"
    assert contribs[0].findtext("contrib-id") == f"https://orcid.org/{ORCID}"
    assert contribs[1].find("contrib-id") is None


def test_the_editors_author_lines_keep_and_check_the_orcid(app):
    line = f"张伟 | Zhang Wei | 河北大学 | | | | * | https://orcid.org/{ORCID}"
    parsed = forms.parse_authors(line)
    assert parsed[0]["orcid"] == ORCID and parsed[0]["corresponding"]
    assert forms.format_authors(parsed).endswith(f"| * | {ORCID}")
    with app.test_request_context("/?lang=en"):
        form = forms.MetadataForm(data={"title_zh": "题名", "authors": line.replace("97", "98")},
                                  meta={"csrf": False})
        assert not form.validate()
        assert "not a valid ORCID" in form.errors["authors"][0]
        form = forms.MetadataForm(data={"title_zh": "题名", "authors": line},
                                  meta={"csrf": False})
        assert form.validate(), form.errors
