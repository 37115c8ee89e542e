"""Every UI string of every package is translated into Chinese (and English is the source)."""

import pytest

from kanwu.catalogues import PACKAGES, catalogue_path, extracted_ids, read_catalogue

EXISTING = list(PACKAGES)


@pytest.mark.parametrize("package", EXISTING)
def test_every_ui_string_has_a_chinese_translation(package):
    ids = extracted_ids(package)
    if not ids:
        pytest.skip(f"{package} has no UI strings yet")
    assert catalogue_path(package).exists(), (
        f"run: .venv/bin/python -m kanwu.catalogues update {package}")
    catalogue = read_catalogue(package)
    missing = []
    for msgid in sorted(ids):
        message = catalogue.get(msgid)
        strings = () if message is None else (
            message.string if isinstance(message.string, tuple) else (message.string,))
        if message is None or not all(strings):
            missing.append(msgid)
    assert not missing, f"untranslated in translations/{package}: {missing}"
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy (unchecked) translations in translations/{package}: {fuzzy}"


def test_catalogues_compile_to_mo_files():
    """`make translations` (part of `make test` and `make run`) keeps the .mo files fresh."""
    for package in EXISTING:
        po = catalogue_path(package)
        if po.exists():
            mo = po.with_suffix(".mo")
            assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
                f"{mo} is missing or older than its .po: run `make translations`")
