"""pipeline.decode: bytes to normalised lines, and every reason a file is refused."""

import codecs
import unicodedata

import pytest

from pipeline.decode import DecodeError, bytes_to_text, decode_bytes, normalise_line, text_to_document

TEXT = "某县2022年政府信息公开工作年度报告\n一、总体情况\n共受理申请３件。\n"


def test_utf8_without_bom() -> None:
    doc = decode_bytes(TEXT.encode("utf-8"))

    assert doc.encoding == "utf-8"
    assert doc.raw_lines == ["某县2022年政府信息公开工作年度报告", "一、总体情况", "共受理申请３件。"]
    assert not doc.is_html


def test_utf8_bom_is_stripped() -> None:
    doc = decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))

    assert doc.encoding == "utf-8-sig"
    assert doc.raw_lines[0] == "某县2022年政府信息公开工作年度报告"  # no U+FEFF left at the start


def test_utf16_with_bom() -> None:
    text, encoding = bytes_to_text(TEXT.encode("utf-16"))

    assert (text, encoding) == (TEXT, "utf-16")


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_and_gb18030_bytes_fall_back_to_gb18030(codec: str) -> None:
    data = TEXT.encode(codec)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8

    text, encoding = bytes_to_text(data)

    assert encoding == "gb18030"
    assert text == TEXT


def test_undecodable_bytes_name_the_offset() -> None:
    with pytest.raises(DecodeError, match=r"neither UTF-8 nor GB18030 \(bad byte at offset 3\)"):
        bytes_to_text(b"abc\x80\xff")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_or_whitespace_only_file(data: bytes) -> None:
    with pytest.raises(DecodeError, match="empty file"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF file"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP/Office archive"),
    ],
)
def test_binary_magic_is_refused(data: bytes, what: str) -> None:
    with pytest.raises(DecodeError, match=f"binary file \\(an? {what}\\), not text"):
        decode_bytes(data)


def test_nul_bytes_are_refused() -> None:
    with pytest.raises(DecodeError, match="NUL bytes"):
        decode_bytes("政府信息公开".encode() + b"\x00\x00" + "报告".encode())


def test_control_characters_are_refused() -> None:
    with pytest.raises(DecodeError, match="too many control characters"):
        text_to_document("政府信息公开" + "\x01\x02\x03" * 10)


def test_over_the_size_limit() -> None:
    data = TEXT.encode("utf-8")

    with pytest.raises(DecodeError, match=f"file is {len(data)} bytes, over the 20-byte limit"):
        decode_bytes(data, max_bytes=20)
    assert decode_bytes(data, max_bytes=len(data)).lines  # exactly at the limit is fine


def test_normalise_line_makes_full_width_ascii() -> None:
    assert normalise_line("１２３，４５６（一）：ＡＢ") == "123,456(一):AB"
    assert normalise_line("数量\u3000３件") == "数量 3件"  # ideographic space becomes a space


def test_lines_are_normalised_but_raw_lines_keep_the_print() -> None:
    doc = decode_bytes(TEXT.encode("utf-8"))

    assert len(doc.lines) == len(doc.raw_lines)
    assert doc.raw_lines[2] == "共受理申请３件。"
    assert doc.lines[2] == "共受理申请3件。"


HTML = (
    "<html><head><title>报告</title></head><body>"
    "<p>某县2022年政府信息公开工作年度报告</p>"
    "<table><tr><td>行政许可</td><td>１３</td></tr><tr><td>行政处罚</td><td>5</td></tr></table>"
    "<div>结束</div></body></html>"
)


def test_html_is_detected_and_tables_become_tab_rows() -> None:
    doc = text_to_document(HTML)

    assert doc.is_html
    assert doc.raw_lines == ["某县2022年政府信息公开工作年度报告", "行政许可\t１３", "行政处罚\t5", "结束"]
    assert doc.lines[1] == "行政许可\t13"


def test_plain_text_mentioning_a_tag_is_not_html() -> None:
    doc = text_to_document("正文里写了 <p> 一次。\n第二行\n")

    assert not doc.is_html
    assert doc.raw_lines == ["正文里写了 <p> 一次。", "第二行"]


def test_decode_bytes_renders_html_files() -> None:
    doc = decode_bytes(HTML.encode("gb18030"))

    assert (doc.encoding, doc.is_html) == ("gb18030", True)
    assert "行政处罚\t5" in doc.lines


def test_traditional_pages_are_matched_in_simplified() -> None:
    raw = "某縣2022年政府信息公開工作年度報告\n一、總體情況\n本年度共受理申請６件，報(bào)告。\n三、關於區縣門網處"

    doc = text_to_document(raw)

    assert doc.raw_lines[0] == "某縣2022年政府信息公開工作年度報告"  # printed as it was
    assert doc.lines[0] == "某县2022年政府信息公开工作年度报告"
    assert doc.lines[2] == "本年度共受理申请6件,报告。"  # NFKC, and the pinyin gloss is dropped


def test_simplified_text_is_left_alone() -> None:
    doc = text_to_document("某县政府信息公开工作年度报告 開\n")

    assert doc.lines == ["某县政府信息公开工作年度报告 開"]  # one traditional character is not a page


def test_each_line_is_normalised_on_its_own() -> None:
    # A combining mark that opens a line must not compose with the end of the line before,
    # and the line count must not change.
    raw = ["e", "\u0301x", "（１２）\u3000件", "", "ｶﾞ", "\u309a"]
    doc = text_to_document("\n".join(raw))

    assert doc.raw_lines == raw
    assert doc.lines == [normalise_line(x) for x in raw]
    assert doc.lines[1] == "\u0301x"  # not "éx" or "é" + "x" on the line above


def test_lines_normalise_as_nfkc_of_each_line_cached_or_not() -> None:
    # ASCII, already-normal and cached lines skip NFKC: each path must equal NFKC itself,
    # including marks that compose within a line, Hangul jamo and compatibility ideographs.
    raw = ["a\u0301", "\u1100\u1161", "\uf900\u3000数", "，", "２０２１年", "已公开。", "plain 12", "ﾊﾟ"]
    raw += ["（一）收到：３件；", "（二）：e\u0301，ｶ\uff9e", "％！？，\u0301"]  # replaced first, then NFKC if needed
    first = text_to_document("\n".join(raw)).lines
    again = text_to_document("\n".join(raw)).lines  # served from the cache

    expected = [unicodedata.normalize("NFKC", x).replace("\u3000", " ") for x in raw]
    assert first == again == expected
    assert first[:2] == ["\u00e1", "\uac00"]
