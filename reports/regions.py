"""Where an author works: the province-level region named by an affiliation (and its city),
and the institution, its first part.

Affiliations name their province ("河北省图书馆"), a city ("石家庄 050018") or neither
("东北师范大学"); the last are "not named" rather than guessed. The cities listed are the
provincial capitals, every prefecture city of Hebei (the journal's own province) and the
other large cities its authors write from. English affiliations are matched by the pinyin
names of the provinces and these cities.
"""

import re

# region -> (its names in Chinese and English, then cities in Chinese and English)
REGIONS = {
    "北京": ("北京 Beijing", ""),
    "天津": ("天津 Tianjin", ""),
    "河北": ("河北 Hebei", "石家庄 Shijiazhuang 保定 Baoding 唐山 Tangshan 邯郸 Handan "
             "秦皇岛 Qinhuangdao 廊坊 Langfang 沧州 Cangzhou 承德 Chengde 张家口 Zhangjiakou "
             "衡水 Hengshui 邢台 Xingtai 雄安 Xiong'an"),
    "山西": ("山西 Shanxi", "太原 Taiyuan 大同 Datong"),
    "内蒙古": ("内蒙古 Inner_Mongolia Nei_Mongol", "呼和浩特 Hohhot 包头 Baotou"),
    "辽宁": ("辽宁 Liaoning", "沈阳 Shenyang 大连 Dalian"),
    "吉林": ("吉林 Jilin", "长春 Changchun"),
    "黑龙江": ("黑龙江 Heilongjiang", "哈尔滨 Harbin"),
    "上海": ("上海 Shanghai", ""),
    "江苏": ("江苏 Jiangsu", "南京 Nanjing 苏州 Suzhou 无锡 Wuxi 徐州 Xuzhou 扬州 Yangzhou"),
    "浙江": ("浙江 Zhejiang", "杭州 Hangzhou 宁波 Ningbo 温州 Wenzhou"),
    "安徽": ("安徽 Anhui", "合肥 Hefei 芜湖 Wuhu"),
    "福建": ("福建 Fujian", "福州 Fuzhou 厦门 Xiamen 泉州 Quanzhou"),
    "江西": ("江西 Jiangxi", "南昌 Nanchang"),
    "山东": ("山东 Shandong", "济南 Jinan 青岛 Qingdao 烟台 Yantai 曲阜 Qufu"),
    "河南": ("河南 Henan", "郑州 Zhengzhou 洛阳 Luoyang 开封 Kaifeng 新乡 Xinxiang"),
    "湖北": ("湖北 Hubei", "武汉 Wuhan 宜昌 Yichang"),
    "湖南": ("湖南 Hunan", "长沙 Changsha 湘潭 Xiangtan"),
    "广东": ("广东 Guangdong", "广州 Guangzhou 深圳 Shenzhen 珠海 Zhuhai 东莞 Dongguan"),
    "广西": ("广西 Guangxi", "南宁 Nanning 桂林 Guilin"),
    "海南": ("海南 Hainan", "海口 Haikou 三亚 Sanya"),
    "重庆": ("重庆 Chongqing", ""),
    "四川": ("四川 Sichuan", "成都 Chengdu 绵阳 Mianyang"),
    "贵州": ("贵州 Guizhou", "贵阳 Guiyang"),
    "云南": ("云南 Yunnan", "昆明 Kunming"),
    "西藏": ("西藏 Tibet Xizang", "拉萨 Lhasa"),
    "陕西": ("陕西 Shaanxi", "西安 Xi'an 咸阳 Xianyang 杨凌 Yangling"),
    "甘肃": ("甘肃 Gansu", "兰州 Lanzhou"),
    "青海": ("青海 Qinghai", "西宁 Xining"),
    "宁夏": ("宁夏 Ningxia", "银川 Yinchuan"),
    "新疆": ("新疆 Xinjiang", "乌鲁木齐 Urumqi"),
    "香港": ("香港 Hong_Kong", ""),
    "澳门": ("澳门 Macao Macau", ""),
    "台湾": ("台湾 Taiwan", "台北 Taipei"),
}
NOT_NAMED = ""


def _patterns() -> list[tuple[re.Pattern, str]]:
    """One pattern per name; a province's own names before any city's, longest first, so
    "内蒙古" is found before a city inside it and "Shaanxi" is not read as "Shanxi"."""
    own, cities = [], []
    for region, (names, city_names) in REGIONS.items():
        own += [(name.replace("_", " "), region) for name in names.split()]
        cities += [(name.replace("_", " "), region) for name in city_names.split()]
    ordered = sorted(own, key=lambda p: -len(p[0])) + sorted(cities, key=lambda p: -len(p[0]))
    return [(re.compile(re.escape(name) if not name.isascii() else rf"\b{re.escape(name)}\b",
                        re.IGNORECASE), region) for name, region in ordered]


PATTERNS = _patterns()
FIRST_PART = re.compile(r"[,，;；、(（/]|\s{1,}\d")


def region_of(*texts: str) -> str:
    """The region the texts name (the first found, in the order given), or NOT_NAMED."""
    for text in texts:
        if not text:
            continue
        for pattern, region in PATTERNS:
            if pattern.search(text):
                return region
    return NOT_NAMED


def region_name(region: str, lang: str) -> str:
    """The region's name in `lang` ("zh" or "en")."""
    if lang != "en" or region not in REGIONS:
        return region
    return next(n for n in REGIONS[region][0].split() if n.isascii()).replace("_", " ")


def institution_of(affiliation: str) -> str:
    """The institution: the affiliation up to its first separator ("河北科技大学图书馆，
    石家庄 050018" -> "河北科技大学图书馆")."""
    return FIRST_PART.split(affiliation.strip(), maxsplit=1)[0].strip()
