"""narrative.matches_tables: figures stated in the prose against the table cells they describe.

A sentence may quote a block sum (不予公开6件 = the eight denial rows) or a single sub-item,
and 共收到N件 may or may not include the carried-in applications; every reading is tried
before a figure is flagged, and a figure fails only when every reading could be summed.
A failure is shown as the agency's error, so a figure is read only where the words leave no
doubt: 受理网民咨询N件 counts enquiries, not applications; 较上年增加N件 is a difference.
"""

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from pipeline import spec
from pipeline.catalogue import Rule
from pipeline.evidence import CellIndex, evidence, finding, fmt, overall
from pipeline.model import Finding, RuleStatus

# The stated number and its unit. Not the tail of a number split by a space (申请1 2件 would
# read 2), nor 个 of 5个工作日 or 条 of 条例.
_NUMBER: Final = r"(?<!\d)(?<!\d\s)(\d+)\s*(?:件|起|条(?!例)|个(?!工作日|月|小时|自然日|日))"
_T3: Final = "t3"
_DIGIT: Final = re.compile(r"\d")
# Words that, between the keyword and the number, make the count something else than the
# figure: a comparison (共收到申请较上年增加3件), an applicant type (共收到自然人申请5件: one
# column, not the total), a review's outcome (行政复议维持2件), or other channels (受理网民咨询
# N件, 热线, 留言) whose counts are not applications.
_NOT_THE_FIGURE: Final = re.compile(
    r"较|同比|环比|相比|比上年|比去年|增加|减少|增长|下降|"
    r"自然人|法人|其他组织|企业|科研|社会公益|法律服务|"
    r"维持|纠正|驳回|撤销|结果|审结|尚未|"
    r"咨询|留言|诉求|来信|来电|来访|热线|工单"
)
# The shortest figure (已办结3件, 共收到4件) has 5 characters; a grid printed one cell per line
# is hundreds of shorter lines, passed over before any other test (Final: a constant once compiled).
_SHORTEST_FIGURE: Final = 5
# How far after the number the needed word may stand: 共受理4起政府信息公开申请.
_NEEDS_AFTER: Final = 10
# A sentence counting 自…以来 or 历年 counts since a date, not over the report year; a clause
# opening on 去年 or 上年同期 states last year's figure.
_SINCE: Final = re.compile(r"以来|历年")
_LAST_YEAR: Final = re.compile(r"去年|上年|上一年|前年|同期")
_CLAUSE_START: Final = re.compile(r".*[,，、:：]")
# A sentence naming two different years compares them: its figures may be either year's.
_YEAR: Final = re.compile(r"((?:19|20)\d\d)\s*年")
# Every figure pattern below contains one of these words: a line or sentence with none of them
# states no figure, and most prose lines are passed over without running a dozen patterns.
FIGURE_WORDS: Final = ("收到", "受理", "新收", "结转", "办结", "予以公开", "部分公开", "不予公开", "无法提供",
                        "不予处理", "行政复议", "行政诉讼")  # fmt: skip
_FIGURE_WORD: Final = re.compile("|".join(FIGURE_WORDS))


# Compiled once: re's module functions look each pattern up in Python code on every call.
_SENTENCE_END: Final = re.compile(r"[。;；]")
_CLAUSE_END: Final = re.compile(r"[,，、:：]")


@dataclass(frozen=True)
class Figure:
    """A kind of prose figure: its pattern and the cell sums it may equal."""

    name: str
    pattern: re.Pattern[str]
    readings: tuple[tuple[tuple[str, str, str], ...], ...]
    # A word that must stand in the match or in its clause just after (received: 共收到70件申请).
    needs: str = ""
    # The pattern's own keywords, one of which every match contains: a sentence with none of
    # them is not scanned (a pattern that opens on a lookbehind or an alternation is tried at
    # every character).
    words: tuple[str, ...] = ()


def _t3_total(*rows: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((_T3, r, "total") for r in rows)


_REVIEW: Final = (("t4", "cases", "review.total"),)
_SUITS: Final = (("t4", "cases", "suit_direct.total"), ("t4", "cases", "suit_after_review.total"))


def _block(prefix: str) -> tuple[tuple[tuple[str, str, str], ...], ...]:
    rows = [r for r in spec.load_spec()["t3"]["rows"] if r.startswith(prefix + ".")]
    return (_t3_total(*rows), *(_t3_total(r) for r in rows))


@cache
def figures() -> tuple[Figure, ...]:
    """Return the prose figures the rule knows, each with its admissible readings.

    Built once: the figures are constants, and building them per sentence (regex compiles,
    spec look-ups) was half of all parse time in the scale benchmark's profile.
    """
    return (
        Figure("received", re.compile(rf"(?:共|累计|全年)(?:收到|受理|新收)[^。;,，]{{0,15}}?{_NUMBER}"),
               (_t3_total("new_received"), _t3_total("new_received", "carried_in")), needs="申请",
               words=("收到", "受理", "新收")),
        Figure("carried_in", re.compile(rf"(?:上一?年度?|上年)结转[^。;,，]{{0,8}}?{_NUMBER}"),
               (_t3_total("carried_in"),), words=("结转",)),
        Figure("handled", re.compile(rf"(?:已|共|全部)办结[^。;,，率]{{0,6}}?{_NUMBER}"),
               (_t3_total("total_handled"),), words=("办结",)),
        Figure("carried_out", re.compile(rf"结转(?:到|至)?下一?年度?[^。;,，]{{0,8}}?{_NUMBER}"),
               (_t3_total("carried_out"),), words=("结转",)),
        Figure("granted", re.compile(rf"(?<!不)予以公开[^。;,，及和或]{{0,4}}?{_NUMBER}"),
               (_t3_total("granted"),), words=("予以公开",)),
        Figure("partially_granted", re.compile(rf"部分公开[^。;,，]{{0,4}}?{_NUMBER}"),
               (_t3_total("partially_granted"), _t3_total("granted", "partially_granted")), words=("部分公开",)),
        Figure("denied", re.compile(rf"不予公开[^。;,，]{{0,4}}?{_NUMBER}"), _block("denied"), words=("不予公开",)),
        Figure("unavailable", re.compile(rf"无法提供[^。;,，]{{0,4}}?{_NUMBER}"), _block("unavailable"),
               words=("无法提供",)),
        Figure("not_processed", re.compile(rf"不予处理[^。;,，]{{0,4}}?{_NUMBER}"), _block("not_processed"),
               words=("不予处理",)),
        Figure("review", re.compile(rf"行政复议[^。;,，诉]{{0,4}}?{_NUMBER}"), (_REVIEW,), words=("行政复议",)),
        Figure("litigation", re.compile(rf"(?<!议[、和及与或])行政诉讼[^。;,，复]{{0,4}}?{_NUMBER}"), (_SUITS,),
               words=("行政诉讼",)),
        # 发生行政复议、行政诉讼案件3件 counts both together (各N件 would count each: not read).
        Figure("review_and_litigation",
               re.compile(rf"行政复议[、和及与或](?:行政)?诉讼[^。;,，各]{{0,4}}?{_NUMBER}"),
               ((*_REVIEW, *_SUITS),), words=("行政复议",)),
    )  # fmt: skip


def check_narrative(rule: Rule, lines: list[str], cells: CellIndex) -> tuple[RuleStatus, list[Finding]]:
    """Match every stated figure to its cells; no figure stated means not_assessable."""
    statuses: list[RuleStatus] = []
    out: list[Finding] = []
    for no, line in enumerate(lines, start=1):
        if len(line) < _SHORTEST_FIGURE:
            continue
        for sentence in _prose_sentences(line):
            for fig in figures():
                if not any(w in sentence for w in fig.words):
                    continue
                for m in fig.pattern.finditer(sentence):
                    if not _states(fig, sentence, m):
                        continue
                    status, f = _match(rule, fig, int(m.group(1)), sentence.strip(), no, cells)
                    statuses.append(status)
                    if f:
                        out.append(f)
    if not statuses:
        return "not_assessable", [finding(rule, "not_assessable", "正文未陈述可与表格核对的数字")]
    return overall(statuses), out


def _prose_sentences(line: str) -> list[str]:
    """Return the sentences of a prose line that may state a figure (none for a table row).

    The caller has passed over lines shorter than the shortest figure.
    """
    if "\t" in line or "|" in line:
        return []
    if not _DIGIT.search(line) or not _FIGURE_WORD.search(line):
        return []
    # Every figure pattern needs a digit and one of the words; two years are a comparison.
    return [
        sentence
        for sentence in _SENTENCE_END.split(line)
        if _DIGIT.search(sentence) and _FIGURE_WORD.search(sentence) and len(set(_YEAR.findall(sentence))) <= 1
    ]


def _states(fig: Figure, sentence: str, m: re.Match[str]) -> bool:
    """Return True if the match states the figure itself, not a count of something else."""
    before = sentence[: m.start()]
    if _NOT_THE_FIGURE.search(m.group(0)) or _SINCE.search(before):
        return False
    if _LAST_YEAR.search(_CLAUSE_START.sub("", before)):
        return False
    after = _CLAUSE_END.split(sentence[m.end() : m.end() + _NEEDS_AFTER], maxsplit=1)[0]
    return not fig.needs or fig.needs in m.group(0) + after


def _match(
    rule: Rule, fig: Figure, stated: int, sentence: str, line: int, cells: CellIndex
) -> tuple[RuleStatus, Finding | None]:
    sums = [_sum(reading, cells) for reading in fig.readings]
    if any(s is not None and abs(s - stated) < 1e-9 for s in sums):
        return "pass", None
    if any(s is None for s in sums):
        # A reading with a term not read may be the one the sentence means: the figure can't
        # be judged (不予公开3件 against seven of the eight denial rows).
        return "not_assessable", None
    expected = sums[0] or 0.0
    ev = [{"table": "prose", "row": fig.name, "col": "", "value": stated, "raw": sentence[:120], "line": line}]
    ev += [evidence(cells[k]) for k in fig.readings[0]]
    msg = f"正文称“{sentence[:60]}”（{fig.name} = {stated}），表格为 {fmt(expected)}"
    return "fail", finding(rule, "fail", msg, expected, float(stated), ev, fig.name)


def _sum(reading: tuple[tuple[str, str, str], ...], cells: CellIndex) -> float | None:
    """Return the sum of a reading's cells, or None if any of them was not read."""
    total = 0.0
    for key in reading:
        cell = cells.get(key)
        if cell is None or cell.value is None:
            return None
        total += float(cell.value)
    return total
