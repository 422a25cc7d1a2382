"""pipeline.agency: the key that matches one agency's reports across years."""

import pytest

from pipeline.agency import MAX_KEY_CHARS, agency_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # The title names the government one year, its general office the next.
        ("康巴什区人民政府", "康巴什区"),
        ("康巴什区人民政府办公室", "康巴什区"),
        ("康巴什区政府办公室", "康巴什区"),
        ("上海市人民政府办公厅", "上海市"),
        ("康巴什区政府", "康巴什区"),
        ("康巴什区", "康巴什区"),
        # Departments keep their own name: 公安局 is not a government suffix.
        ("平潭综合实验区公安局", "平潭综合实验区公安局"),
        # Traditional-script mirror pages, full-width forms, spaces and punctuation.
        ("康巴什區人民政府", "康巴什区"),
        ("鄂尔多斯市　康巴什区", "鄂尔多斯市康巴什区"),
        ("|天津东疆综保区管理委员会", "天津东疆综保区管理委员会"),
        ("“平潭综合实验区公安局”", "平潭综合实验区公安局"),
        ("ＸＸ市公安局", "xx市公安局"),
    ],
)
def test_names_of_one_agency_share_a_key(name: str, key: str) -> None:
    assert agency_key(name) == key


def test_only_one_suffix_is_stripped() -> None:
    # 市人民政府办公室 must not lose 办公室 and then 人民政府 too: that would merge two bodies
    # only when both were printed, and the key must not depend on the order of stripping.
    assert agency_key("某市人民政府办公室") == "某市"
    assert agency_key("某市政府办公室人民政府") == "某市政府办公室"


def test_different_agencies_keep_different_keys() -> None:
    keys = {agency_key(n) for n in ("康巴什区", "东胜区", "康巴什区公安局", "鄂尔多斯市康巴什区")}
    assert len(keys) == 4


@pytest.mark.parametrize(
    "name",
    [
        None,
        "",
        "   ",
        "政府",  # nothing left after the suffix
        "市政府办公厅",  # a bare level word
        "市合作交流办",  # a department of a city the name leaves out
        "本市教育局",
        "我局",
        "ABC",  # no Chinese name at all
        "根据《中华人民共和国政府信息公开条例》的要求，现将我办",  # a sentence quoting a law
        "某" * (MAX_KEY_CHARS + 1),  # longer than any agency name
    ],
)
def test_unreadable_names_have_no_key(name: str | None) -> None:
    assert agency_key(name) is None


@pytest.mark.parametrize("name", ["济南市市中区", "市中区", "本溪市", "全椒县"])
def test_place_names_that_open_like_a_relative_word_keep_their_key(name: str) -> None:
    assert agency_key(name) == name
