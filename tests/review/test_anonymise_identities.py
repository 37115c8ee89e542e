"""Who the authors are as text: every form a name takes, and no hit on ordinary words."""

from types import SimpleNamespace

import pytest

from core.extensions import db
from review.identities import Identities, Matcher, affiliation_parts, pinyin_forms
from tests.factories import make_manuscript


def person(name="张伟", name_pinyin="", email="", affiliation="", affiliation_en=""):
    return SimpleNamespace(name=name, name_pinyin=name_pinyin, email=email,
                           affiliation=affiliation, affiliation_en=affiliation_en)


def values(text: str, *people) -> list[str]:
    return [f.value for f in Matcher(Identities.from_people(people)).find(text)]


def test_identities_of_a_manuscript_include_every_author_and_the_submitter(app, make_user):
    submitter = make_user(email="office@hbu.example.org", name="王芳", roles=("author",),
                          affiliation="河北大学出版社")
    account = make_user(email="ouyang@example.org", name="欧阳修", affiliation="南开大学商学院")
    with app.app_context():
        manuscript = make_manuscript(submitter, authors=[
            {"name": "张伟", "name_pinyin": "Zhang Wei", "email": "zhangwei@hbu.example.org",
             "affiliation": "河北大学图书馆", "affiliation_en": "Library of Hebei University"},
            {"name": "欧阳修", "email": "oyx@example.org", "user_id": account}])
        identities = Identities.of(manuscript)
        db.session.rollback()
    assert identities.names == ("张伟", "欧阳修", "王芳")
    assert {"Zhang Wei", "Wei Zhang", "ZhangWei", "Zhang, W.", "W. Zhang", "Ouyang Xiu",
            "Xiu Ouyang", "Wang Fang"} <= set(identities.pinyin)
    assert identities.emails == ("zhangwei@hbu.example.org", "oyx@example.org",
                                 "ouyang@example.org", "office@hbu.example.org")
    assert {"河北大学图书馆", "河北大学", "Library of Hebei University",
            "河北大学出版社", "南开大学商学院", "南开大学"} <= set(identities.affiliations)


@pytest.mark.parametrize("text", [
    "Zhang Wei", "Wei Zhang", "ZhangWei", "zhang wei", "ZHANG Wei", "ZHANG WEI1", "Zhang  Wei",
    "Zhang, W.", "W. Zhang", "Zhang W.", "张伟", "张 伟", "张\u3000伟", "张\n伟", "张\u200b伟"])
def test_every_written_form_of_a_name_is_found(text):
    assert values(f"见 {text} 的研究", person()) != []


@pytest.mark.parametrize("text", [
    "张", "伟大的时代", "Zhang", "Wei", "Zhangjiakou city", "Carolina Li",
    "Linaria", "Zhang Weiming", "Wang Wei"])
def test_ordinary_words_and_one_part_alone_are_not_a_name(text):
    assert values(text, person(), person("李娜")) == []


def test_a_two_character_han_name_is_a_name():
    assert values("李娜认为", person("李娜")) == ["李娜"]


def test_surname_readings_and_u_umlaut_spellings():
    assert {"Shan Tian", "Tian Shan"} <= set(pinyin_forms("单田"))
    assert {"Lv Bin", "Lyu Bin", "Lu Bin"} <= set(pinyin_forms("吕斌"))
    assert {"Ouyang Xiu", "Xiu Ouyang", "Ouyang, X."} <= set(pinyin_forms("欧阳修"))


def test_pinyin_as_typed_and_western_names():
    assert "Zhang Sanfeng" in pinyin_forms("张三丰", "Zhang San-feng") or \
        "Zhang San-feng" in pinyin_forms("张三丰", "Zhang San-feng")
    assert {"Smith John", "John Smith", "Smith, J.", "J. Smith"} <= set(
        pinyin_forms("John Smith"))
    assert values("as John Smith and Smith, J. wrote", person("John Smith")) == [
        "John Smith", "Smith, J."]


def test_affiliation_parts_are_institutions_never_a_city_or_a_generic_word():
    parts = affiliation_parts("河北大学图书馆，河北 石家庄")
    assert "河北大学图书馆" in parts and "河北大学" in parts
    assert "图书馆" not in parts and "河北 石家庄" not in parts
    english = affiliation_parts("Library of Hebei University, Shijiazhuang, China")
    assert "Library of Hebei University" in english
    assert "Shijiazhuang" not in english and "China" not in english


def test_emails_are_found_whole_and_case_blind():
    found = Matcher(Identities(emails=("lina@hbu.example.org",))).find(
        "写信给 LiNa@HBU.example.org 或 xlina@hbu.example.org.cn")
    assert [f.value for f in found] == ["LiNa@HBU.example.org"]


def test_the_longest_occurrence_wins_where_two_overlap():
    identities = Identities(names=("张伟",), pinyin=("Zhang Wei", "ZhangWei"),
                            emails=("zhangwei@hbu.example.org",),
                            affiliations=("河北大学图书馆", "河北大学"))
    matcher = Matcher(identities)
    assert matcher.mask("zhangwei@hbu.example.org，河北大学图书馆") == "【邮箱】，【单位】"
