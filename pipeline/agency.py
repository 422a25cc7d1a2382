"""Agency identity across years: one normalised key per agency name, for the cross-year rules.

The cross-year rules (cross_year.carry_over, cross_year.in_force_roll, cross_year.copy_paste)
compare an agency's report of year N with its report of year N-1. Titles name the same body
differently from year to year (康巴什区人民政府 / 康巴什区政府办公室 / 康巴什區), so reports are
matched on a key, never on the printed name. A key is exact: no fuzzy or prefix matching,
because pairing two different agencies would invent findings; a name we can't read gives no
key, and the report is reported as unmatched.
"""

import re
import unicodedata
from typing import Final

from pipeline.decode import to_simplified

# The report of a people's government is compiled and published by its general office, and
# titles alternate between the two: both name the same report series. Longest first, so
# 人民政府办公室 is removed whole rather than leaving 办公室 behind.
GOVERNMENT_SUFFIXES: Final = ("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "人民政府", "政府")
# A key shorter than this is a bare level word (市, 区) left after the suffix: not a name.
MIN_KEY_CHARS: Final = 2
# Names of Chinese bodies rarely exceed ~25 characters (新疆维吾尔自治区伊犁哈萨克自治州…);
# anything longer is a sentence or a title the metadata step mistook for a name.
MAX_KEY_CHARS: Final = 30

_CJK: Final = re.compile(r"[\u3400-\u9fff]")
# Book-title marks quote a law or a document title (《条例》): a name never contains them.
_QUOTED_TITLE: Final = re.compile(r"[《》〈〉]")
# A name that opens on a bare level word (市政府办公厅, 市合作交流办) or on 本/我/全/该 (本市, 我局)
# is relative to a place the text names elsewhere: two cities' 市合作交流办 must not share a key.
# 市中区 is the one common place name that opens with a level word.
_RELATIVE: Final = re.compile(r"^(?:[本我全该](?:省|市|县|区|旗|镇|乡|街道|局|委|办|厅)|[省市县区](?!中区))")


def agency_key(name: str | None) -> str | None:
    """Return the normalised key of an agency name for matching across years, or None if unreadable.

    NFKC, traditional to simplified, whitespace and punctuation removed, Latin letters
    case-folded, then one government suffix (人民政府, 人民政府办公室, 政府办公室, ...) stripped.

    >>> agency_key("鄂尔多斯市 康巴什區人民政府")
    '鄂尔多斯市康巴什区'
    >>> agency_key("政府") is None
    True
    """
    if name is None:
        return None
    text = to_simplified(unicodedata.normalize("NFKC", name))
    if _QUOTED_TITLE.search(text):
        return None
    # Categories P (punctuation), S (symbols), Z (separators) and C (controls, format marks)
    # are never part of a name: 「|平潭综合实验区公安局」 and 「平潭综合实验区 公安局」 are one agency.
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN").casefold()
    if is_relative(text):
        return None
    for suffix in GOVERNMENT_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    cjk = len(_CJK.findall(text))
    if cjk < MIN_KEY_CHARS or len(text) > MAX_KEY_CHARS:
        return None
    return text


def is_relative(name: str) -> bool:
    """Return True if a name leaves out its place (市政府办公厅, 本局): it names no one agency.

    >>> is_relative("市合作交流办"), is_relative("济南市市中区")
    (True, False)
    """
    return bool(_RELATIVE.match(name.strip()))
