"""Pre-2019 statistics tables (政府信息公开情况统计表, 国办发〔2014〕32号 and the older local forms).

Rows carry their printed numbering, so a parent row is the sum of its numbered children and a
其中 row is at most its parent, as in the national form; the legacy rule checks exactly that.
"""

import random

# (level, label, unit, role, indicator). Levels: 1 一、  2 （一）  3 1.  0 unnumbered.
# role: "blank" prints no value, "leaf" a count, "sum" the sum of its next-level children,
# "part" a 其中 share of the row above, "yesno" a 是/否 answer (not a statistic).
Row = tuple[int, str, str, str, str | None]

FORM_2014: list[Row] = [
    (1, "一、主动公开情况", "—", "blank", None),
    (2, "（一）主动公开政府信息总数（不同渠道发相同信息计1条）", "条", "leaf", "proactive_total"),
    (0, "其中：主动公开规范性文件数", "条", "part", None),
    (0, "制发规范性文件总数", "条", "leaf", None),
    (2, "（二）通过不同渠道和方式公开政府信息的情况", "—", "blank", None),
    (3, "1.政府公报公开政府信息数", "条", "leaf", None),
    (3, "2.政府网站公开政府信息数", "条", "leaf", None),
    (3, "3.政务微博公开政府信息数", "条", "leaf", None),
    (3, "4.政务微信公开政府信息数", "条", "leaf", None),
    (3, "5.其它方式公开政府信息数", "条", "leaf", None),
    (1, "二、回应解读情况", "—", "blank", None),
    (2, "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", "leaf", None),
    (2, "（二）通过不同渠道和方式回应解读的情况", "—", "blank", None),
    (3, "1.参加或举办新闻发布会总次数", "次", "leaf", None),
    (0, "其中：主要负责同志参加新闻发布会次数", "次", "part", None),
    (3, "2.政府网站在线访谈或电视问政次数", "次", "leaf", None),
    (0, "其中：主要负责同志参加政府网站在线访谈或电视问政次数", "次", "part", None),
    (3, "3.政策解读稿件发布数", "篇", "leaf", None),
    (3, "4.微博微信回应事件数", "次", "leaf", None),
    (1, "三、依申请公开情况", "—", "blank", None),
    (2, "（一）收到申请数", "件", "sum", "requests_received"),
    (3, "1.当面申请数", "件", "leaf", None),
    (3, "2.传真申请数", "件", "leaf", None),
    (3, "3.网络申请数", "件", "leaf", None),
    (3, "4.信函申请数", "件", "leaf", None),
    (2, "（二）申请办结数", "件", "sum", "requests_completed"),
    (3, "1.按时办结数", "件", "leaf", None),
    (3, "2.延期办结数", "件", "leaf", None),
    (2, "（三）申请答复数", "件", "sum", "requests_answered"),
    (3, "1.属于已主动公开范围数", "件", "leaf", None),
    (3, "2.同意公开答复数", "件", "leaf", None),
    (3, "3.同意部分公开答复数", "件", "leaf", None),
    (3, "4.不同意公开答复数", "件", "leaf", None),
    (0, "其中：涉及国家秘密", "件", "part", None),
    (3, "5.不属于本行政机关公开数", "件", "leaf", None),
    (3, "6.申请信息不存在数", "件", "leaf", None),
    (3, "7.告知作出更改补充数", "件", "leaf", None),
    (3, "8.告知通过其它途径办理数", "件", "leaf", None),
    (1, "四、行政复议数量", "件", "sum", "review_total"),
    (2, "（一）维持具体行政行为数", "件", "leaf", None),
    (2, "（二）被依法纠错数", "件", "leaf", None),
    (2, "（三）其它情形数", "件", "leaf", None),
    (1, "五、行政诉讼数量", "件", "sum", "litigation_total"),
    (2, "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "leaf", None),
    (2, "（二）被依法纠错数", "件", "leaf", None),
    (2, "（三）其它情形数", "件", "leaf", None),
    (1, "六、举报投诉数量", "件", "leaf", "complaints_total"),
    (1, "七、依申请公开信息收取的费用", "万元", "leaf", "fees_wan_yuan"),
    (1, "八、机构建设和保障经费情况", "—", "blank", None),
    (2, "（一）政府信息公开工作专门机构数", "个", "leaf", None),
    (2, "（二）设置政府信息公开查阅点数", "个", "leaf", None),
    (2, "（三）从事政府信息公开人员数", "人", "sum", None),
    (3, "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "leaf", None),
    (3, "2.兼职人员数", "人", "leaf", None),
    (1, "九、政府门户网站网上办事情况", "—", "blank", None),
    (2, "（一）网站是否具备网上办事功能", "是/否", "yesno", None),
    (2, "（二）是否与政务服务中心审批系统联网", "是/否", "yesno", None),
]
# The shorter local forms of 2008-2013: the same core rows, fewer of them.
_NOT_IN_OLD_FORMS = ("回应", "新闻发布会", "在线访谈", "微博", "微信", "解读", "网站是否", "是否与", "九、")
FORM_OLD: list[Row] = [r for r in FORM_2014 if not any(w in r[1] for w in _NOT_IN_OLD_FORMS)]
_MEANS = {"条": 600.0, "次": 8.0, "篇": 10.0, "件": 4.0, "个": 3.0, "人": 3.0}


def _children(form: list[Row], i: int) -> list[int]:
    level = form[i][0]
    out = []
    for j in range(i + 1, len(form)):
        lv = form[j][0]
        if lv == 0:
            continue
        if lv <= level:
            break
        if lv == level + 1:
            out.append(j)
    return out


def legacy_rows(rng: random.Random, year: int, scale: float) -> list[tuple[str, str, int | float | None, str | None]]:
    """Return (label, unit, value, indicator) rows of a year's form; blank rows have value None.

    yes/no rows carry the value None and the unit 是/否: they are printed, but are not statistics.
    """
    form = FORM_2014 if year >= 2014 else FORM_OLD
    values: list[int | float | None] = [None] * len(form)
    for i, (_, _, unit, role, _) in enumerate(form):
        if role == "leaf" and unit == "万元":
            values[i] = round(rng.expovariate(1.0) * scale, 2) if rng.random() < 0.2 else 0
        elif role == "leaf":
            values[i] = int(rng.expovariate(1.0 / (_MEANS[unit] * scale))) if rng.random() < 0.8 else 0
    for i in range(len(form) - 1, -1, -1):  # bottom-up: a parent sums children already summed
        if form[i][3] == "sum":
            values[i] = sum(int(values[j] or 0) for j in _children(form, i))
    parent: int | None = None
    for i, row in enumerate(form):
        if row[3] == "part" and parent is not None:
            values[i] = rng.randint(0, int(values[parent] or 0))
        elif row[0]:
            parent = i
    return [(label, unit, values[i], ind) for i, (_, label, unit, _, ind) in enumerate(form)]
