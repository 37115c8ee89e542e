"""Chinese is the default UI language: every string of submission and editorial is translated."""

import pytest

from kanwu.catalogues import extracted_ids, read_catalogue


@pytest.mark.parametrize("package", ["submission", "editorial"])
def test_every_string_has_a_chinese_translation(package):
    catalogue = read_catalogue(package)
    translated = {m.id for m in catalogue if m.id and m.string}
    assert sorted(extracted_ids(package) - translated) == []
