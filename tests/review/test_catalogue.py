from kanwu.catalogues import extracted_ids, read_catalogue


def test_every_review_string_has_a_chinese_translation():
    catalogue = read_catalogue("review")
    translated = {m.id for m in catalogue if m.id and m.string}
    missing = sorted(extracted_ids("review") - translated)
    assert missing == []
