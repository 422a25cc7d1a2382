"""Site furniture around a published report: navigation, metadata bars, footers, stale widgets.

The lines are the kinds seen around the real reports (data/real/index.jsonl notes): portal
names and 无障碍 links, 当前位置 breadcrumbs, 发布日期/来源/点击量 bars, archiver headers,
a stale date widget, share and print links, and footers with 网站标识码 and ICP numbers.
"""

import random

from pipeline.synth.names import Agency

_WEEKDAYS = "一二三四五六日"


def header(agency: Agency, year: int, rng: random.Random) -> list[str]:
    """Return site lines printed above the report."""
    short = agency.name.removeprefix(agency.city) or agency.name
    pub = f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    choices = [
        ["登录", f"智慧{short[:4]}", "", "请用手机", "扫码访问", "", "无障碍浏览 适老版"],
        [f"当前位置：首页 > 政务公开 > 政府信息公开年报 > {year}年度"],
        [f"发布日期：{pub} 来源：{agency.printed} 点击量：{rng.randint(10, 20000)} 【字体：大 中 小】 打印"],
        [f"{rng.randint(year - 3, year + 1)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
         f"星期{rng.choice(_WEEKDAYS)}"],
        [f"{rng.randint(10**11, 10**12 - 1)}/{year + 1}-{rng.randint(10000, 999999)}", "单位审核公开",
         agency.printed, pub, "主动公开"],
        [f"标题: {agency.printed}{year}年政府信息公开工作年度报告", f"发布时间: {pub} 09:{rng.randint(10, 59)}",
         "文号: ", "栏目: 政府信息公开年报", "==================== 正文 ===================="],
        ["首页 | 政务公开 | 政务服务 | 互动交流 | 走进" + short[:4], "字号：", "• 扫一扫在手机打开当前页"],
    ]  # fmt: skip
    out: list[str] = []
    for lines in rng.sample(choices, rng.randint(1, 3)):
        out.extend(lines)
    return out


def footer(agency: Agency, year: int, rng: random.Random) -> list[str]:
    """Return site lines printed below the report."""
    choices = [
        ["附件下载", "相关链接："],
        [f"上一篇：{agency.printed}{year - 1}年政府信息公开工作年度报告"],
        ["【打印本页】【关闭窗口】", "分享到："],
        [f"主办单位：{agency.printed}办公室  网站标识码：{rng.randint(10**9, 10**10 - 1)}",
         f"ICP备{rng.randint(10**7, 10**8 - 1)}号  公网安备 {rng.randint(10**13, 10**14 - 1)}号"],
        ["更多精彩内容欢迎扫描下方二维码关注！"],
    ]  # fmt: skip
    out: list[str] = []
    for lines in rng.sample(choices, rng.randint(1, 3)):
        out.extend(lines)
    return out
