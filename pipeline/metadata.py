"""Report metadata: the agency, the report year and the format era."""

import re
from collections import Counter
from typing import Final

from pipeline.agency import is_relative
from pipeline.tokens import compact, compact_uncached

_YEAR: Final = re.compile(r"((?:19|20)\d\d)\s*年\s*度?")
_TITLE_HINT: Final = re.compile(r"报告|年报")
_AGENCY_SUFFIX: Final = re.compile(r"(人民政府)$")
_AGENCY_LINE: Final = re.compile(
    r"^[\u4e00-\u9fff()]{2,30}(人民政府办公室|人民政府办公厅|人民政府|政府办公室|局|委员会|办公室|厅)$"
)
_COMPILED_BY: Final = re.compile(r"由([\u4e00-\u9fff]{2,40}?)(?:编制|制作|综合|根据|汇总)")
# "现向社会公布2021年石家庄市教育局政府信息公开工作年度报告" inside the opening sentence.
_TITLE_IN_SENTENCE: Final = re.compile(r"\d{4}\s*年度?([\u4e00-\u9fff]{2,25}?)政府信息公开工作(?:年度)?报告")
# "2022年,二道区房屋征收工作管理办公室认真贯彻…": the overview's subject, when it is a body's name.
_OVERVIEW_SUBJECT: Final = re.compile(
    r"\d{4}\s*年\s*[,，]\s*([\u4e00-\u9fff]{2,25}?(?:局|委员会|委|办公室|办|政府|区|县|市|乡|镇|街道|中心|厅))"
    r"(?:认真|坚持|深入|全面|围绕|严格|紧紧|持续|积极|进一步|始终)"
)
# Page furniture glued to a title ("Page8-威海市…") and signs that a "name" is a sentence.
_PAGE_PREFIX: Final = re.compile(r"^(?:Page\s*\d+\s*[-:]?|第\d+页)\s*", re.IGNORECASE)
_SENTENCE: Final = re.compile(r"[《》,，。;；•·]|根据|按照|中文名")
# Site navigation printed above a title: 当前位置：首页 > 政务公开 > 政府信息公开年报 > 2022年度.
# It names the site's sections, not the agency, and may carry a year that is not the report's.
_BREADCRUMB_START: Final = re.compile(r"^您?(?:当前|现在)?(?:所在)?的?位置\s*[:：]")
_BREADCRUMB_SEPS: Final = ">＞»›→"
_BREADCRUMB_SEP: Final = re.compile(f"[{_BREADCRUMB_SEPS}]")
# What a name never holds: navigation separators and words, or the words of a title.
_NOT_A_NAME: Final = re.compile(r"[>＞»›→/|]|首页|位置|栏目|年报|报告")
_GENERIC: Final = {"政府", "人民政府", "本机关", "我局", "我办", "本单位", "年度", "信息"}
_PREFIX_JUNK: Final = re.compile(r"^(标题|题目|title)[::]", re.IGNORECASE)
_MARKERS: Final = {
    "gov2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减", "采购项目数量",
                "其他对外管理服务事项"),
    "gov2021": ("本年制发件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "本年废止件数", "逾期不补正",
                "缴纳费用"),
}  # fmt: skip
_T3_MARKERS: Final = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量")


# Compiled once: re's module functions look each pattern up in Python code on every call.
_CITED_YEAR: Final = re.compile(r"((?:19|20)\d\d)\s*年")
_TITLE_VERB: Final = re.compile(r"(关于)?(印发|公布|发布)?(的)?$")
_NAME_AFTER_YEAR: Final = re.compile(r"^年度?(.+?)(政府信息公开|政务公开|信息公开)")
_COMPILER_SUFFIX: Final = re.compile(r"(汇总|编制|制作)$")
_LEADING_GROUP: Final = re.compile(r"(人民)?(政府)?信息公开工作领导小组办公室$")
_GOVERNMENT_OFFICE: Final = re.compile(r"(人民政府办公室|政府办公室)$")


def detect_year(lines: list[str], max_year: int = 2100) -> int | None:
    """Return the report year: from the title if it states one, else the most cited year."""
    head = _head(lines)
    for i, line in enumerate(head):
        text = _PREFIX_JUNK.sub("", line.strip())
        following = head[i + 1].strip() if i + 1 < len(head) else ""
        # A title may wrap: 康巴什区2022年政府信息公开 / 工作年度报告.
        titled = _TITLE_HINT.search(text) or (len(following) < 20 and _TITLE_HINT.search(following))
        if titled and len(text) <= 60 and ("政府信息公开" in compact(text) or "政务公开" in text):
            m = _YEAR.search(text.replace(" ", ""))
            if m and 1990 <= int(m.group(1)) <= max_year:
                return int(m.group(1))
    counts = Counter(int(y) for y in _CITED_YEAR.findall("\n".join(lines[:400])))
    plausible = [(n, y) for y, n in counts.items() if 1990 <= y <= max_year]
    return max(plausible)[1] if plausible else None


def detect_agency(lines: list[str], year: int | None) -> str | None:
    """Return the agency named in the title (e.g. 康巴什区), or a publisher line near the top."""
    head = [_PREFIX_JUNK.sub("", ln.strip()).replace(" ", "") for ln in _head(lines)]
    for i, text in enumerate(head):
        following = head[i + 1] if i + 1 < len(head) else ""
        if year is None or len(text) > 60 or str(year) not in text:
            continue
        if not (_TITLE_HINT.search(text) or (len(following) < 20 and _TITLE_HINT.search(following))):
            continue
        before, _, after = text.partition(str(year))
        name = _TITLE_VERB.sub("", before).strip('《》“”"')
        if not name and i > 0 and _AGENCY_LINE.match(head[i - 1]):
            name = head[i - 1]  # a title printed on two lines: agency, then year and title
        if not name:
            m = _NAME_AFTER_YEAR.match(after)
            name = m.group(1) if m else ""
        name = _clean_agency(name)
        if _plausible_name(name):
            return name
    for text in head:
        if _AGENCY_LINE.match(text) and _plausible_name(_clean_agency(text)):
            return _clean_agency(text)
    opening = "".join(head)[:1500]
    for pattern in (_COMPILED_BY, _TITLE_IN_SENTENCE, _OVERVIEW_SUBJECT):
        m = pattern.search(opening)
        name = _clean_agency(m.group(1)) if m else ""
        if _plausible_name(name):
            return name
    return None


def _head(lines: list[str]) -> list[str]:
    """Return the first non-blank lines where a title may stand, without site navigation."""
    return [ln for ln in lines[:40] if ln.strip() and not _is_breadcrumb(ln)][:15]


def _is_breadcrumb(line: str) -> bool:
    # Most head lines hold neither 位置 nor a separator: substring tests, then no regex at all.
    if "位置" not in line and not any(sep in line for sep in _BREADCRUMB_SEPS):
        return False
    text = line.strip()
    return bool(_BREADCRUMB_START.match(text)) or len(_BREADCRUMB_SEP.findall(text)) >= 2


def _plausible_name(name: str) -> bool:
    """Return True if `name` can be an agency's name, not a sentence, a title or navigation."""
    return (
        2 <= len(name) <= 30
        and not _SENTENCE.search(name)
        and not _NOT_A_NAME.search(name)
        and not is_relative(name)
        and name not in _GENERIC
    )


def _clean_agency(name: str) -> str:
    name = _PAGE_PREFIX.sub("", name.strip(" |:,-"))
    name = _COMPILER_SUFFIX.sub("", name)
    name = _LEADING_GROUP.sub("", name)
    name = _GOVERNMENT_OFFICE.sub("", name)
    name = _AGENCY_SUFFIX.sub("", name)
    return name.strip(" |:,-")


def detect_era(lines: list[str], year: int | None) -> str:
    """Return gov2021, gov2019 or pre2019 from the labels; the year only breaks ties."""
    text = compact_uncached("\n".join(lines))  # a whole page: kept out of the label cache
    score = {era: sum(m in text for m in marks) for era, marks in _MARKERS.items()}
    if score["gov2021"] != score["gov2019"]:
        return max(score, key=lambda e: score[e])
    if any(m in text for m in _T3_MARKERS):
        return "gov2019" if year in (2019, 2020) else "gov2021"
    return era_for_year(year)


def era_for_year(year: int | None) -> str:
    """Return the era a report year implies (2021+ gov2021, 2019-2020 gov2019, else pre2019)."""
    if year is None or year >= 2021:
        return "gov2021"
    return "gov2019" if year >= 2019 else "pre2019"
