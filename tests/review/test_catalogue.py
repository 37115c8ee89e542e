from kanwu.catalogues import extracted_ids, read_catalogue


def test_every_review_string_has_a_chinese_translation():
    catalogue = read_catalogue("review")
    # (a plural message is known by its singular, as extracted_ids names it)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue
                  if m.id and m.string and all(m.string)}
    missing = sorted(extracted_ids("review") - translated)
    assert missing == []
