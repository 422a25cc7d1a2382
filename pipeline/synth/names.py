"""Agency names: governments, departments and townships at every level, unique per corpus.

Names are built like the real ones (包头市昆都仑区, 石家庄市教育局, 荫子镇人民政府): a city,
a county-level unit and a department or township. A serial number per kind is written in
mixed radix over the component lists, so two agencies of a corpus never share a name and
cross-year rules can match an agency's reports by name alone.
"""

from dataclasses import dataclass
from typing import Literal

Level = Literal["province", "city", "county", "township"]


def _words(text: str) -> tuple[str, ...]:
    """Return the space-separated words of a list written as text (long name lists read best so)."""
    return tuple(text.split())


PROVINCES = _words(
    "河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 江西省 "
    "山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 "
    "甘肃省 青海省 内蒙古自治区 广西壮族自治区 宁夏回族自治区"
)
CITIES = _words(
    "石家庄市 唐山市 保定市 邯郸市 太原市 大同市 长治市 包头市 鄂尔多斯市 赤峰市 沈阳市 大连市 "
    "鞍山市 长春市 吉林市 哈尔滨市 南京市 苏州市 无锡市 淮安市 徐州市 杭州市 宁波市 金华市 "
    "温州市 合肥市 芜湖市 蚌埠市 福州市 厦门市 泉州市 南平市 南昌市 赣州市 九江市 济南市 "
    "青岛市 威海市 潍坊市 郑州市 洛阳市 南阳市 武汉市 宜昌市 襄阳市 长沙市 株洲市 岳阳市 "
    "广州市 深圳市 佛山市 南宁市 柳州市 海口市 成都市 乐山市 绵阳市 贵阳市 遵义市 昆明市 "
    "曲靖市 西安市 宝鸡市 兰州市 庆阳市 西宁市 银川市 呼和浩特市"
)
# Characters of county-level names; 市 and 州 are left out so a county never reads as a city.
_FIRST = "东西南北中新安永宁平和长兴泰昌德清江河山海金银玉龙凤华阳庆福丰顺宝鹤云高武"
_SECOND = "城安平宁阳山川水江河源丰乐台桥林湖溪兴华明德宝昌泽口岗陵"
_COUNTY_SUFFIX = ("区", "县")  # 县 reads 旗 in 内蒙古 cities, so names stay distinct
_BANNER_CITIES = ("包头", "鄂尔多斯", "赤峰", "呼和浩特")
DEPARTMENTS = _words(
    "教育局 公安局 自然资源局 生态环境局 住房和城乡建设局 交通运输局 水利局 农业农村局 "
    "商务局 文化和旅游局 卫生健康委员会 应急管理局 市场监督管理局 医疗保障局 民政局 司法局 "
    "财政局 人力资源和社会保障局 统计局 审计局 发展和改革委员会 信访局 退役军人事务局 城市管理局 "
    "林业局"
)
PROVINCE_DEPARTMENTS = ("教育厅", "公安厅", "自然资源厅", "交通运输厅", "民政厅", "财政厅", "商务厅", "水利厅")
_TOWNSHIP_SUFFIX = ("镇", "乡", "街道")

# (kind, weight): county governments and departments are most of the ~10^5 reporting bodies.
KINDS: tuple[tuple[str, float], ...] = (
    ("county_gov", 0.22),
    ("county_dept", 0.38),
    ("city_gov", 0.04),
    ("city_dept", 0.16),
    ("township", 0.17),
    ("province_gov", 0.01),
    ("province_dept", 0.02),
)


@dataclass(frozen=True)
class Agency:
    """A reporting body: the name printed in titles, the name the parser should read, its level."""

    printed: str  # as in the title: 包头市昆都仑区人民政府, 石家庄市教育局, 荫子镇人民政府
    name: str  # the contract's agency: the title's name without 人民政府/人民政府办公室
    level: Level
    kind: str
    city: str  # the city (or province) the body belongs to, for prose

    @property
    def is_government(self) -> bool:
        """Return True for a people's government (as opposed to one of its departments)."""
        return self.kind.endswith("_gov") or self.kind == "township"


# Cities built like the real names (宁江市) for corpora larger than the real list; a built
# name equal to a real one (南宁市) is left out so every city name stays unique.
_BUILT_CITIES = tuple(n for f in _FIRST for s in _SECOND if (n := f"{f}{s}市") not in CITIES)
N_CITIES = len(CITIES) + len(_BUILT_CITIES)
# Capacity of each kind; a plan asking for more falls back to county departments (the most
# numerous kind in reality too).
CAPACITY = {
    "city_gov": N_CITIES,
    "city_dept": N_CITIES * len(DEPARTMENTS),
    "province_gov": len(PROVINCES),
    "province_dept": len(PROVINCES) * len(PROVINCE_DEPARTMENTS),
}


def _digits(serial: int, radices: list[int]) -> list[int]:
    out = []
    for r in radices:
        out.append(serial % r)
        serial //= r
    return out


def city_name(i: int) -> str:
    """Return the i-th city: the real list first, then names built like them (宁江市)."""
    return CITIES[i] if i < len(CITIES) else _BUILT_CITIES[i - len(CITIES)]


def _county(serial: int) -> tuple[str, str]:
    # The real city varies fastest, so even a small corpus spreads over every province.
    c, a, b, s, ext = _digits(serial, [len(CITIES), len(_FIRST), len(_SECOND), len(_COUNTY_SUFFIX), 10**9])
    city = city_name(c + len(CITIES) * ext)
    suffix = _COUNTY_SUFFIX[s]
    if suffix == "县" and city.startswith(_BANNER_CITIES):
        suffix = "旗"
    return city, f"{city}{_FIRST[a]}{_SECOND[b]}{suffix}"


def make_agency(kind: str, serial: int) -> Agency:
    """Return the `serial`-th agency of a kind; distinct serials give distinct names."""
    if kind == "county_gov":
        city, county = _county(serial)
        return Agency(county + "人民政府", county, "county", kind, city)
    if kind == "county_dept":
        d, rest = serial % len(DEPARTMENTS), serial // len(DEPARTMENTS)
        city, county = _county(rest)
        return Agency(county + DEPARTMENTS[d], county + DEPARTMENTS[d], "county", kind, city)
    if kind == "city_gov":
        city = city_name(serial)
        return Agency(city + "人民政府", city, "city", kind, city)
    if kind == "city_dept":
        d, c = _digits(serial, [len(DEPARTMENTS), N_CITIES])
        city = city_name(c)
        return Agency(city + DEPARTMENTS[d], city + DEPARTMENTS[d], "city", kind, city)
    if kind == "township":
        a, b, s, rest = _digits(serial, [len(_FIRST), len(_SECOND), len(_TOWNSHIP_SUFFIX), 10**9])
        city, county = _county(rest)
        town = f"{_FIRST[a]}{_SECOND[b]}{_TOWNSHIP_SUFFIX[s]}"
        if town.endswith("街道"):
            return Agency(f"{county}{town}办事处", f"{county}{town}办事处", "township", kind, city)
        return Agency(f"{county}{town}人民政府", f"{county}{town}", "township", kind, city)
    if kind == "province_gov":
        prov = PROVINCES[serial]
        return Agency(prov + "人民政府", prov, "province", kind, prov)
    d, p = _digits(serial, [len(PROVINCE_DEPARTMENTS), len(PROVINCES)])
    prov = PROVINCES[p]
    return Agency(prov + PROVINCE_DEPARTMENTS[d], prov + PROVINCE_DEPARTMENTS[d], "province", kind, prov)
