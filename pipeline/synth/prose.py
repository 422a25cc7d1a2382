"""Titles, headings and sentences of the reports, after the real ones in data/real and data/sample.

Each paragraph is a template filled with the agency, the year and, where the real reports
state them, the application figures, which narrative.matches_tables compares with t3/t4.
"""

import random

from pipeline.synth.names import Agency

TITLE_FORMS = (
    "{p}{y}年政府信息公开工作年度报告",
    "{p}{y}年度政府信息公开工作年度报告",
    "{p}关于{y}年度政府信息公开工作年度报告",
    "{y}年{p}政府信息公开工作年度报告",
)
OLD_TITLE_FORMS = ("{p}{y}年政府信息公开工作年度报告", "{y}年{p}政府信息公开工作报告", "{p}{y}年政府信息公开年度报告")
# Section headings of the 2019 and 2021 formats, with the variants agencies print.
HEADINGS = (
    ("一、总体情况",),
    ("二、主动公开政府信息情况",),
    ("三、收到和处理政府信息公开申请情况",),
    ("四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    ("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"),
    ("六、其他需要报告的事项",),
)
OLD_HEADINGS = (
    "一、概述",
    "二、主动公开政府信息情况",
    "三、依申请公开政府信息情况",
    "四、政府信息公开的收费及减免情况",
    "五、因政府信息公开申请提起行政复议、行政诉讼的情况",
    "六、政府信息公开工作存在的主要问题及改进情况",
    "七、说明与附表",
)
_OFFICE = "《国务院办公厅政府信息与政务公开办公室"
_BASIS = {
    "gov2021": f"{_OFFICE}关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》（国办公开办函〔2021〕30号）",
    "gov2019": f"{_OFFICE}关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）",
}
_SUBSECTIONS = (
    (
        "（一）主动公开",
        [
            "{w}坚持“以公开为常态、不公开为例外”原则，围绕{c}中心工作，全面做好决策、执行、管理、服务、结果公开。",
            "全年通过政府门户网站主动公开各类政府信息{k}条，发布政策解读{m}篇，回应社会关切{r}次。",
            "深化重点领域信息公开，财政预决算、重大建设项目、公共资源配置、社会公益事业等信息做到应公开尽公开。",
        ],
    ),
    (
        "（二）依申请公开",
        ["{w}严格执行依申请公开受理、审查、答复等工作流程，进一步规范答复文书，依法保障申请人合法权益。"],
    ),
    (
        "（三）政府信息管理",
        [
            "严格落实保密审查制度，坚持“先审查、后公开”和“一事一审”原则，全年未发生泄密事件。",
            "动态调整主动公开基本目录，开展规范性文件清理工作，及时公布清理结果。",
        ],
    ),
    (
        "（四）政府信息公开平台建设",
        [
            "持续优化政府门户网站栏目设置，完善智能搜索和适老化改造功能，提升网站便捷性。",
            "依托政务新媒体矩阵发布信息{k2}条，拓展公开渠道。",
        ],
    ),
    (
        "（五）监督保障",
        [
            "将政务公开工作纳入年度绩效考核，定期开展检查通报，强化业务培训，全年组织培训{t}次。",
            "{y}年，{w}未发生因政府信息公开工作不力被追责的情况。",
        ],
    ),
)
# Sentences that quote a count without being a table figure: real reports print such lines
# (热线, 留言), and the narrative rule must not mistake them for 收到申请.
DISTRACTORS = (
    "通过12345政务服务便民热线办理群众诉求{x}件，办结率100%。",
    "在“互动交流”栏目答复网民留言{x}条。",
    "全年共受理网民咨询{x}件，均已按时答复。",
)
PROBLEMS = (
    "{y}年，{w}政府信息公开工作取得了一定成效，但仍存在一些不足：一是主动公开的深度和广度有待进一步拓展；二是政策解读形式还不够丰富；三是工作人员业务水平有待提高。",
    "下一步，{w}将进一步加强组织领导，完善工作机制，加大培训力度，不断提升政府信息公开工作质量和实效。",
    "存在的问题主要是部分栏目信息更新不够及时，信息公开的规范化水平还需提升。针对上述问题，我们将加强日常监测，建立健全考核机制。",
)
OTHER_MATTERS = (
    "（一）收取信息处理费情况。本年度未收取政府信息公开信息处理费。",
    "（二）本年度政务公开工作要点落实情况。按照上级要求，逐项落实政务公开工作要点，完成各项工作任务。",
    "本年度无其他需要报告的事项。",
)
OLD_PARAGRAPHS = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制，所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    "{y}年，{w}认真贯彻落实《条例》，按照“公开为原则、不公开为例外”的要求，不断深化公开内容、完善工作机制、拓展公开渠道、规范操作流程。",
    "全年主动公开政府信息{k}条，其中通过政府门户网站公开{g}条。",
    "{w}严格按照规定受理和答复依申请公开事项，全年共受理政府信息公开申请{r}件，均已按期答复。",
    "本年度未收取任何依申请公开政府信息的费用，也未进行减免。",
    "存在的主要问题是信息公开的及时性和规范性有待加强。下一步将进一步健全制度，加强培训和督查。",
)


def we(agency: Agency, rng: random.Random) -> str:
    """Return how the report names its author: 我区, 我局, or the agency's short name."""
    if agency.kind.endswith("dept"):
        return rng.choice(("我局", "我委", "本机关")) if "委员会" in agency.name else rng.choice(("我局", "本机关"))
    suffix = agency.name[-1]
    return rng.choice((f"我{suffix}", agency.name.removeprefix(agency.city) or agency.name))


def title(agency: Agency, year: int, era: str, rng: random.Random) -> list[str]:
    """Return the title, on one line or split over two as some sites print it."""
    forms = OLD_TITLE_FORMS if era == "pre2019" else TITLE_FORMS
    text = rng.choice(forms).format(p=agency.printed, y=year)
    if rng.random() < 0.15 and text.endswith("工作年度报告"):
        return [text[: -len("工作年度报告")], "工作年度报告"]
    return [text]


def intro(agency: Agency, year: int, era: str, rng: random.Random) -> str:
    """Return the opening paragraph: legal basis, contents and the statistics period."""
    if era == "pre2019":
        return OLD_PARAGRAPHS[0].format(y=year)
    return (
        f"本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{_BASIS[era]}要求编制。"
        "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        f"存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"如对本报告有疑问，请与{agency.printed}办公室联系（联系电话：{rng.randint(2000000, 8999999)}）。"
    )


def application_sentence(figures: dict[str, int], order: list[str]) -> str:
    """Return the prose that states application figures, in the real reports' wording."""
    phrase = {
        "received": "共收到政府信息公开申请{}件",
        "carried_in": "上年结转{}件",
        "handled": "已全部办结{}件",
        "carried_out": "结转下年度继续办理{}件",
        "granted": "其中予以公开{}件",
        "partially_granted": "部分公开{}件",
        "denied": "不予公开{}件",
        "unavailable": "无法提供{}件",
        "review": "发生政府信息公开行政复议{}件",
        "litigation": "行政诉讼{}件",
    }
    return "，".join(phrase[k].format(figures[k]) for k in order if k in figures) + "。"


def overview(agency: Agency, year: int, rng: random.Random, application: str, distractor: bool) -> list[str]:
    """Return the 总体情况 paragraphs; `application` is put under （二）依申请公开."""
    w = we(agency, rng)
    fill = {"w": w, "c": agency.city, "y": year, "k": rng.randint(50, 5000), "m": rng.randint(1, 80),
            "r": rng.randint(1, 60), "k2": rng.randint(20, 3000), "t": rng.randint(1, 12)}  # fmt: skip
    out: list[str] = []
    for head, sentences in _SUBSECTIONS:
        out.append(head)
        body = "".join(s.format(**fill) for s in sentences if rng.random() < 0.85)
        if head.endswith("依申请公开") and application:
            body += f"{year}年，{w}{application}"
        if head.endswith("平台建设") and distractor:
            body += rng.choice(DISTRACTORS).format(x=rng.randint(11, 9000))
        out.append(body or sentences[0].format(**fill))
    return out


def closing(agency: Agency, year: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Return the paragraphs of sections 五 and 六."""
    w = we(agency, rng)
    problems = [p.format(y=year, w=w) for p in PROBLEMS if rng.random() < 0.7] or [PROBLEMS[0].format(y=year, w=w)]
    other = [OTHER_MATTERS[2]] if rng.random() < 0.4 else list(OTHER_MATTERS[:2])
    return problems, other


def old_paragraphs(agency: Agency, year: int, rng: random.Random, proactive: int, received: int) -> list[str]:
    """Return the body paragraphs of a pre-2019 report, one per old heading, stating two figures."""
    w = we(agency, rng)
    g = rng.randint(0, proactive)
    texts = [p.format(y=year, w=w, k=proactive, g=g, r=received) for p in OLD_PARAGRAPHS]
    if not received:
        texts[3] = f"{w}严格按照规定受理和答复依申请公开事项，全年未收到政府信息公开申请。"
    return [texts[1], texts[2], texts[3], texts[4], "本年度未发生因政府信息公开引起的行政复议和行政诉讼。", texts[5],
            texts[0]]  # fmt: skip


def signature(agency: Agency, year: int, rng: random.Random) -> list[str]:
    """Return the closing signature: the body's name and the publication date."""
    return [agency.printed, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]
