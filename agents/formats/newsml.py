"""IPTC NewsML-G2 news items, plus the hardened XML loading and markup-to-text
helpers that every XML/HTML input format shares (rss.py and ninjs.py use them).

Accepted documents (NewsML 1.x ``<NewsML>`` too, see :func:`parse_newsml1`):

* a single ``<newsItem>``;
* a ``<newsMessage>`` whose ``<itemSet>`` holds several items. Only *text*
  news items (``itemClass`` ``ninat:text``, or no itemClass) become wire
  items; package items, pictures, video and concept items are skipped, since
  they carry no story text of their own.

Field mapping (namespace-agnostic: elements are matched by local name, so both
the ``http://iptc.org/std/nar/2006-10-01/`` namespace and the un-namespaced
documents some agencies send are read)::

    newsItem@guid                   -> guid
    newsItem@version                -> version (default 1)
    itemMeta/versionCreated         -> published (else firstCreated, else contentCreated)
    itemMeta/pubStatus@qcode        -> pubstatus (stat:canceled is a retraction)
    contentMeta/headline            -> headline (lowest rank / first; else inline NITF/XHTML title, itemMeta/title)
    contentMeta/headline[@role=...subHeadline, hlrole:sub] -> subheadline
    contentMeta/located/name        -> located (else the place in contentMeta/dateline, else a located qcode word)
    contentMeta/language@tag        -> language (else newsItem@xml:lang)
    contentSet/inlineXML            -> body (XHTML / NITF / HTML reduced to text)
    contentSet/inlineData           -> body (plain text)
    contentMeta/description         -> body when the item carries no content

Security: the bytes are parsed with :mod:`defusedxml` with entity declarations
and external references forbidden, so a billion-laughs document or an XXE
probe is rejected as ``ParseError('unsafe_xml', ...)`` before anything is
expanded or fetched.
"""

from __future__ import annotations

import base64
import codecs
import html.entities
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import wraps
from html.parser import HTMLParser
from typing import Any, TypeVar

import defusedxml
import defusedxml.ElementTree as DET
from pydantic import ValidationError

from schemas import WireItem
from agents.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAY_ABBREVIATIONS, WEEKDAYS
from agents.formats.base import MAX_PAYLOAD_BYTES, ParseError, collapse_whitespace, make_item, normalised_words  # noqa: F401
from agents.formats.dates import parse_compact_datetime, parse_datetime  # noqa: F401 (re-exported)

FORMAT = "newsml"

log = logging.getLogger(__name__)

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# ---------------------------------------------------------------------------
# Hardened XML loading (shared with rss.py)
# ---------------------------------------------------------------------------

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.IGNORECASE)
_XML_DECL_TEXT = re.compile(r"\A\s*(<\?xml\b[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']([^>]*\?>)", re.IGNORECASE)
_UTF8_NAMES = {"utf-8", "utf8"}
# Labels that real feeds use for windows-1252 text (WHATWG Encoding: browsers read them so).
_CP1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252"}

# Documents whose first bytes say they are not in an ASCII-compatible encoding: a
# byte order mark, or '<' (or whitespace) in UTF-16/UTF-32 without one (XML 1.0,
# appendix F). UTF-32 first: its little-endian BOM starts like UTF-16's.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_WIDE_NO_BOM: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"\A\x00\x00\x00[\t\n\r <]"), "utf-32-be"),
    (re.compile(rb"\A[\t\n\r <]\x00\x00\x00"), "utf-32-le"),
    (re.compile(rb"\A\x00[\t\n\r <]"), "utf-16-be"),
    (re.compile(rb"\A[\t\n\r <]\x00"), "utf-16-le"),
)


def check_size(payload: bytes) -> None:
    """Reject empty and oversized payloads the same way every format does."""
    if not payload or not payload.strip():
        raise ParseError("empty", "the payload is empty")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ParseError("too_large", f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD_BYTES}")


def _wide_codec(payload: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when the document is UTF-16/UTF-32 by its first bytes."""
    for bom, codec in _BOMS:
        if payload.startswith(bom):
            return codec, len(bom)
    for pattern, codec in _WIDE_NO_BOM:
        if pattern.match(payload):
            return codec, 0
    return None


_HTML_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
# An '&' that starts no reference at all ("AT&T", "?a=1&b=2"): HTML tolerates it, XML does not.
_BARE_AMP = re.compile(r"&(?!(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")


def _html_entities_to_refs(text: str) -> str:
    """``&eacute;`` -> ``&#233;``, a bare ``&`` -> ``&amp;``, outside CDATA sections.

    Feeds written by HTML tools use HTML's named entities, which XML does not
    define (an RSS 0.91 DOCTYPE names a DTD that defines them, but it is never
    fetched), and leave ampersands unescaped in titles and URLs. Turning them
    into character references keeps the document's text; the five XML entities
    and unknown names are left alone (the parser then reports the unknown ones).
    """

    def ref(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _XML_ENTITIES:
            return m.group(0)
        char = html.entities.html5.get(name + ";")
        return "".join(f"&#{ord(c)};" for c in char) if char else m.group(0)

    def fix(part: str) -> str:
        return _BARE_AMP.sub("&amp;", _HTML_ENTITY.sub(ref, part))

    parts = _CDATA.split(text)
    return "".join(part if part.startswith("<![CDATA[") else fix(part) for part in parts)


def html_entities_to_refs_bytes(data: bytes) -> bytes:
    """:func:`_html_entities_to_refs` on UTF-8 bytes (what feedparser is given)."""
    if b"&" not in data:
        return data
    return _html_entities_to_refs(data.decode("utf-8", errors="surrogatepass")).encode("utf-8", errors="surrogatepass")


def xml_as_utf8(payload: bytes, *, undeclared: str | None = None) -> bytes:
    """The document re-encoded as UTF-8 without an encoding declaration, or ParseError.

    XML may arrive in any encoding its declaration (or byte order mark) names:
    UTF-16/UTF-32 with or without a BOM, ISO-8859-1, windows-1252, Big5, EUC-KR...
    expat reads only a few of them, feedparser guesses, so the bytes are decoded
    here once and both see the same UTF-8 text. ISO-8859-1 and US-ASCII labels
    are read as windows-1252 (their superset that real feeds mean: curly quotes
    in 0x80-0x9F). Whitespace before the XML declaration (a common server bug)
    is dropped.

    * ``invalid_utf8``: no other encoding is declared and the bytes are not UTF-8 (unless
      ``undeclared`` names the encoding to read such bytes in: feeds, below);
    * ``unparseable``: an unknown encoding, or bytes that are not in the declared one.

    ``undeclared="windows-1252"`` (RSS/Atom): a document with neither a declaration nor a
    BOM whose bytes are not UTF-8 is read as windows-1252, as feed readers (feedparser,
    browsers) do: legacy CMSs serve ISO-8859-1 feeds so; unless its bytes are clearly Chinese,
    Japanese, Korean, Cyrillic, Greek, Hebrew or Thai in a legacy encoding
    (:func:`guess_legacy_encoding`). A declared ``utf-8`` stays strict.
    """
    check_size(payload)
    payload = drop_leading_text(payload)
    wide = _wide_codec(payload)
    if wide is not None:
        codec, bom = wide
        try:
            text = payload[bom:].decode(codec)
        except UnicodeDecodeError as exc:
            raise ParseError(
                "unparseable", f"XML payload is not valid {codec.upper()} ({exc.reason} at byte {exc.start + bom})"
            ) from exc
    else:
        if payload.startswith(b"\xef\xbb\xbf"):
            payload = payload[3:]
            declared_name = "utf-8"  # the BOM wins over a declaration...
            declared = _XML_DECL.match(payload[:200])
            if declared and encoding_name(declared.group(1).decode("ascii")) not in _UTF8_NAMES:
                try:
                    payload.decode("utf-8")
                except UnicodeDecodeError:
                    # ...unless the bytes are not UTF-8: a BOM put before a windows-1251 or
                    # ISO-8859-1 document (by a server or an editor), the declaration is right.
                    declared_name = encoding_name(declared.group(1).decode("ascii"))
        else:
            declared = _XML_DECL.match(payload[:200])
            declared_name = encoding_name(declared.group(1).decode("ascii")) if declared else "utf-8"
            if declared is not None and is_wide_encoding(declared_name):
                # "utf-16" declared over bytes that are one a character ('<?xml' read so, no BOM:
                # eliot-jones.com's feed, a .NET template's declaration over UTF-8 text): the bytes
                # say they are ASCII-compatible (XML 1.0 appendix F), so the declaration is wrong.
                declared, declared_name = None, "utf-8"
            if declared is None and undeclared is not None:
                try:
                    payload.decode("utf-8")
                except UnicodeDecodeError:
                    declared_name = guess_legacy_encoding(payload) or undeclared
        if declared_name in _UTF8_NAMES:
            try:
                text = payload.decode("utf-8")
            except UnicodeDecodeError as exc:
                # Say "invalid UTF-8" rather than expat's vague "not well-formed".
                raise ParseError(
                    "invalid_utf8", f"XML payload is not valid UTF-8 ({exc.reason} at byte {exc.start})"
                ) from exc
        else:
            try:
                codecs.lookup(declared_name)
            except LookupError as exc:
                raise ParseError("unparseable", f"cannot read XML: unknown encoding {declared_name!r}") from exc
            text = decode_declared(payload, declared_name)
    return drop_encoding_declaration(text.lstrip("\ufeff")).encode("utf-8", errors="surrogatepass")


#: Encodings an undeclared, non-UTF-8 feed may be in besides windows-1252 (feeds from East Asian,
#: Russian, Greek, Hebrew and Thai sites whose server sends no charset), with what decides how
#: well the decoded text fits each one (:func:`guess_legacy_encoding`).
_ZH_COMMON_SIMPLIFIED = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里"
    "用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
    "日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美"
    "相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水"
    "名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期"
    "市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色"
    "路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言"
    "联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集"
    "百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委"
    "乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希"
    "古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答"
    "紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属"
    "坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素"
    "药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村"
    "哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执"
    "副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾"
    "弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散"
    "温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探"
    "湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授"
    "诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁"
    "纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰"
    "虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃"
    "抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋"
    "操耶阻订彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌啦瓦莱援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜巧侧韩冒债"
    "曼融惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾牌陷鸟轰咱菜闭奋庆撤泪茶疾缘"
    "播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂"
    "估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇稍迟辆废"
    "净凶署壁御奉旋冬矿抬蛋晨伏吹鸡倍糊秦盾杯租骑乏隆诊奴摄丧污渡旗甘耐凭扎抢绪粗肩梁幻菲皆碎宙叔岩荡综爬荷"
    "悉蒂返井壮薄悄扫敏碍殖详迪矛霍允幅撒剩凯颗骂赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐吓挺励辞艘键伍峰尺昨黎辈贯"
    "侦滑券崇扰宪绕趋慈乔阅汗枝拖墨胁插箭腊粉泥氏彭拔骗凤慧媒佩愤扑龄驱惜豪掩兼跃尸肃帕驶堡届欣惠册储飘桑闲"
    "惨洁踪勃宾频仇磨递邪撞拟滚奏巡颜剂绩贡疯坡瞧截燃焦殿伪柳锁逼颇昏劝呈搜勤戒驾漂饮曹朵仔柔俩孟腐幼践籍牧"
    "凉牲佳娜浓芳稿竹腹跌逻垂遵脉貌柏狱猜怜惑陶兽帐饰贷昌叙躺钢沟寄扶铺邓寿惧询汤盗肥尝匆辉奈扣廷澳嘛董迁凝"
    "慰厌脏腾幽怨鞋丢埋泉涌辖躲晋紫艰魏吾慌祝邮吐狠鉴曰械咬邻赤挤弯椅陪割揭韦悟聪雾锋梯猫祥阔誉筹丛牵鸣沈阁"
    "穆屈旨袖猎臂蛇贺柱抛鼠瑟戈牢逊迈欺吨琴衰瓶恼燕仲诱狼池疼卢仗冠粒遥吕玄尘冯抚浅敦纠钻晶岂峡苍喷耗凌敲菌"
    "赔涂粹扁亏寂煤熊恭湿循暖糖赋抑秩帽哀宿踏烂袁侯抖夹昆肝擦猪炼恒慎搬纽纹玻渔磁铜齿跨押怖漠疲叛遣兹祭醉拳"
    "弥斜档稀捷肤疫肿豆削岗晃吞宏癌肚隶履涨耀扭坛拨沃绘伐堪仆郭牺歼墓雇廉契拼惩捉覆刷劫嫌瓜歇雕闷乳串娃缴唤"
    "赢莲霸桃妥瘦搭赴岳嘉舱俊址庞耕锐缝悔邀玲惟斥宅添挖呵讼氧浩羽斤酷掠妖祸侍乙妨贪挣汪尿莉悬唇翰仓轨枚盐览"
    "傅帅庙芬屏寺胖璃愚滴疏萧姿颤丑劣柯寸扔盯辱匹俱辨饿蜂哦腔郁溃谨糟葛苗肠忌溜鸿爵鹏鹰笼丘桂滋聊挡纲肌茨壳"
    "痕碗穴膀卓贤卧膜毅锦欠哩函茫昂薛皱夸豫胃舌剥傲拾窝睁携陵哼棉晴铃填饲渴吻扮逆脆喘罩卜炉柴愉绳胎蓄眠竭喂"
    "傻慕浑奸扇柜悦拦诞饱乾泡贼亭夕爹酬儒姻卵氛泄杆挨僧蜜吟猩遂狭肖甜霞驳裕顽於摘矮秒卿畜咽披辅勾盆疆赌塑畏"
    "吵囊嗯泊肺骤缠冈羞瞪吊贾漏斑涛悠鹿俘锡卑葬铭滩嫁催璇翅盒蛮矣潘歧赐鲍锅廊拆灌勉盲宰佐啥胀扯禧辽抹筒棋裤"
    "唉朴咐孕誓喉妄拘链驰栏逝窃艳臭纤玑棵趁匠盈翁愁瞬婴孝颈倘浙谅蔽畅赠妮莎尉冻跪闯葡後厨鸭颠遮谊圳吁仑辟瘤"
    "嫂陀框谭亨钦庸歉芝吼甫衫摊宴嘱衷娇陕矩浦讶耸裸碧摧薪淋耻胶屠鹅饥盼脖虹翠崩账萍逢赚撑翔倡绵猴枯巫昭怔渊"
    "凑溪蠢禅阐旺寓藤匪伞碑挪琼脂谎慨菩萄狮掘抄岭晕逮砍掏狄晰罕挽脾舟痴蔡剪脊弓懒叉拐喃僚捐姊骚拓歪粘柄坑陌"
    "窄湘兆崖骄刹鞭芒筋聘钩棍嚷腺弦焰耍俯厘愣厦恳饶钉寡憾摔叠惹喻谱愧煌徽溶坠煞巾滥洒堵瓷咒姨棒郡浴媚稣淮哎"
    "屁漆淫巢吩撰啸滞玫硕钓蝶膝姚茂躯吏猿寨恕渠戚辰舶颁惶狐讽笨袍嘲啡泼衔倦涵雀旬僵撕肢垄夷逸茅侨舆窑涅蒲谦"
    "杭噢弊勋刮郊凄捧浸砖鼎篮蒸饼亩肾陡爪兔殷贞荐哑炭坟眨搏咳拢舅昧擅爽咖搁禄雌哨巩绢螺裹昔轩谬谍龟媳姜瞎冤"
    "鸦蓬巷琳栽沾诈斋瞒彪厄咨纺罐桶壤糕颂膨谐垒咕隙辣绑宠嘿兑霉挫稽辐乞纱裙嘻哇绣杖塘衍轴攀膊譬斌祈踢肆坎轿"
    "棚泣屡躁邱凰溢椎砸趟帘帆栖窜丸斩堤塌贩厢掀喀乖谜捏阎滨虏匙芦苹卸沼钥株祷剖熙哗劈怯棠胳桩瑰娱娶沫嗓蹲焚"
    "淘嫩韵衬匈钧竖峻豹捞菊鄙魄兜哄颖镑屑蚁壶怡渗秃迦旱哟咸焉谴宛稻铸锻伽詹毙恍贬烛骇芯汁桓坊驴朽靖佣汝碌迄"
    "冀荆崔雁绅珊榜诵傍彦醇笛禽勿娟瞄幢寞睹贿踩霆呜拱妃蔑谕缚诡篷淹腕煮倩卒勘馨逗甸贱炒灿敞蜡囚栗辜垫妒魁谣"
    "寇蜀撇吱鲸"
)
_ZH_COMMON_TRADITIONAL = frozenset(
    "的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡"
    "用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實"
    "日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政美"
    "相見被利什二等產或新己製身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員解水"
    "名真論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受目太量再感建務做接必場件計管期"
    "市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象完設式色"
    "路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風步改收根乾造言"
    "聯持組每濟車親極林服快辦議往元英士證近失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集"
    "百需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須九增研寫稱企八功嗎包片史委"
    "臺灣報導記者政府總統表示今天市長縣議員"
)


#: The 2,350 Hangul syllables of KS X 1001 (EUC-KR's lead bytes 0xB0-0xC8): nearly all of Korean
#: prose. windows-949 holds the other 8,822 syllables too (UHC), which other scripts' legacy bytes
#: decode to: Shift_JIS "日銀、追加利上げを決定" is valid windows-949, "볷뗢갂믁돿뿕뤵궛귩뙂믦".
_KO_COMMON = frozenset(bytes((lead, trail)).decode("cp949") for lead in range(0xB0, 0xC9) for trail in range(0xA1, 0xFF))
#: Non-ASCII characters that every script's text shares, so they tell no language (they count
#: for none): no-break space, « » ° § and the other Latin-1 signs, dashes, curly quotes, the
#: ellipsis, №, ™, €. Russian news is full of «» and — ("«Газпром» сократил поставки — ...").
_NEUTRAL = re.compile("[\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")
#: Thai vowel signs and tone marks written above or below a consonant (they follow one, or
#: another such mark), and the vowels written before one (a consonant follows them).
_TH_CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))
_TH_COMBINING = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_TH_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def _thai_misspelt(text: str) -> int:
    """How many Thai marks stand where Thai spelling never puts them: a vowel sign or tone mark
    not after a consonant or another mark, a leading vowel not before a consonant. (Cyrillic
    windows-1251 bytes are valid windows-874 too, and nearly all Thai letters: "ซรเ็๏๐๎์ป".)"""
    bad = 0
    for i, c in enumerate(text):
        if c in _TH_COMBINING:
            prev = text[i - 1] if i else ""
            bad += prev not in _TH_CONSONANTS and prev not in _TH_COMBINING
        elif c in _TH_LEADING:
            bad += text[i + 1 : i + 2] not in _TH_CONSONANTS
    return bad


def _fit(text: str, encoding: str) -> float:
    """How well text decoded in a legacy encoding reads as that encoding's language: the share of
    its non-ASCII characters (not counting the script-neutral ones, :data:`_NEUTRAL`) that are
    common in it (0..1)."""
    wide = [c for c in _NEUTRAL.sub("", text) if ord(c) > 0x7F]
    if not wide:
        return 0.0
    if encoding == "cp949":
        good = sum(c in _KO_COMMON for c in wide)
    elif encoding in ("euc_jp", "cp932"):
        kana = sum("\u3040" <= c <= "\u30ff" for c in wide)
        if kana < len(wide) / 10:
            return 0.0  # Japanese prose without kana is no Japanese (a kanji-heavy headline has 1 in 6)
        good = sum("\u3000" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"
                   for c in wide)
    elif encoding == "gb18030":
        good = sum(c in _ZH_COMMON_SIMPLIFIED or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
                   for c in wide)
    elif encoding == "big5":
        good = sum(c in _ZH_COMMON_TRADITIONAL or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
                   for c in wide)
    elif encoding in ("cp1251", "koi8_r"):
        # U+0400-U+045F: Russian, and Ukrainian's і ї є ґ, Belarusian's ў, Serbian's ђ ј љ њ ћ џ
        letters = [c for c in wide if "\u0400" <= c <= "\u045f" or c in "\u0490\u0491"]
        if len(letters) < len(wide) * 0.9:
            return 0.0
        good = sum("\u0430" <= c <= "\u045f" or c == "\u0491" for c in letters)  # prose is mostly lower case
    elif encoding == "cp1253":
        letters = [c for c in wide if "\u0386" <= c <= "\u03ce"]
        if len(letters) < len(wide) * 0.9:
            return 0.0
        good = sum("\u03ac" <= c <= "\u03ce" for c in letters)
    elif encoding == "cp1255":
        good = sum("\u05d0" <= c <= "\u05ea" for c in wide)
    elif encoding == "cp874":
        if _thai_misspelt(text) > len(wide) / 50:
            return 0.0
        good = sum("\u0e01" <= c <= "\u0e4e" for c in wide)  # letters, vowels and marks, not Thai digits
    else:
        return 0.0
    return good / len(wide)


#: In this order: a tie goes to the first (Hebrew before Cyrillic: Russian text, with its ы and ь,
#: is never valid windows-1255; Cyrillic before Greek: Greek text's accented lower-case letters
#: are upper-case Cyrillic in windows-1251, so it fits Greek better).
_LEGACY_CANDIDATES = ("cp949", "euc_jp", "cp932", "gb18030", "big5", "cp1255", "cp1251", "koi8_r", "cp1253", "cp874")
#: Runs of three or more high bytes: a word in these scripts; Portuguese "ção" has two.
_HIGH_RUN = re.compile(rb"[\x80-\xff]{3,}")


def guess_legacy_encoding(payload: bytes) -> str | None:
    """The legacy encoding an undeclared, non-UTF-8 document is in, when its bytes say so clearly;
    None (read it as windows-1252) otherwise.

    Western windows-1252 text has its few high bytes between ASCII letters (``café``, ``Grüße``,
    at most two together: ``ações``);
    Chinese, Japanese, Korean, Cyrillic, Greek, Hebrew and Thai text in their legacy encodings is runs of
    high bytes. Only then are the bytes decoded (strictly) in each candidate, and the candidate
    whose text is most the common characters of its language is taken, if clearly so (at least
    70 % of its non-ASCII characters), as chardet-like detectors in feed readers decide.
    """
    high = sum(b >= 0x80 for b in payload)
    if high < 8:
        return None
    in_runs = sum(len(m.group(0)) for m in _HIGH_RUN.finditer(payload))
    if in_runs < high * 0.6:
        return None
    best, best_fit = None, 0.0
    for encoding in _LEGACY_CANDIDATES:
        try:
            text = payload.decode(encoding)
        except UnicodeDecodeError:
            continue
        fit = _fit(text, encoding)
        if fit > best_fit:
            best, best_fit = encoding, fit
    return best if best_fit >= 0.7 else None


#: Encoding labels that browsers know (WHATWG Encoding) and Python's codecs do not: Thai sites'
#: windows-874, Hebrew's iso-8859-8-i, Japanese windows-31j / x-sjis, Korean windows-949...
_LABEL_ALIASES = {
    "windows-874": "cp874", "dos-874": "cp874", "iso-8859-11": "cp874", "iso-8859-8-i": "iso-8859-8",
    "csiso88598i": "iso-8859-8", "logical": "iso-8859-8", "windows-31j": "cp932", "x-sjis": "shift_jis",
    "x-euc-jp": "euc_jp", "windows-949": "cp949", "x-cp1251": "cp1251",
    "x-cp1250": "cp1250", "x-mac-roman": "mac_roman", "macintosh": "mac_roman", "x-mac-cyrillic": "mac_cyrillic",
    "unicode-1-1-utf-8": "utf-8", "unicode11utf8": "utf-8", "unicode20utf8": "utf-8", "x-unicode20utf8": "utf-8",
    # Labels browsers read as a superset, because that is what the sites write: Chinese feeds
    # (Sina, People's Daily) declare gb2312 and use GBK / GB 18030 characters (镕, 喆); Big5 is
    # read as Big5-HKSCS, Shift_JIS as windows-31j (NEC / IBM extensions: ①, ㈱), EUC-KR as
    # windows-949 (UHC: Korean syllables EUC-KR lacks), ISO-8859-9 as windows-1254 (Turkish quotes).
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "csgb2312": "gb18030", "gb_2312-80": "gb18030",
    "gb_2312": "gb18030", "chinese": "gb18030", "iso-ir-58": "gb18030", "cp936": "gb18030", "windows-936": "gb18030",
    "big5": "big5hkscs", "x-x-big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cn-big5": "big5hkscs", "csbig5": "big5hkscs",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932", "csshiftjis": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "ks_c_5601-1989": "cp949", "ksc5601": "cp949", "ksc_5601": "cp949",
    "korean": "cp949", "iso-ir-149": "cp949", "cseuckr": "cp949",
    "iso-8859-9": "cp1254", "iso8859-9": "cp1254", "latin5": "cp1254", "l5": "cp1254",
}  # fmt: skip


def is_wide_encoding(name: str) -> bool:
    """Whether an encoding name is UTF-16 or UTF-32 (any byte order): text in it is never one byte
    a character, so ASCII-compatible bytes labelled so are mislabelled (:func:`xml_as_utf8`)."""
    try:
        return codecs.lookup(name).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def encoding_name(label: str) -> str:
    """A declared encoding label as a name Python's codecs know (lower case; browsers' aliases mapped)."""
    name = label.strip().lower()
    return _LABEL_ALIASES.get(name, name)


def decode_declared(payload: bytes, encoding: str) -> str:
    """Bytes in a declared (known) encoding as text, or ParseError('unparseable').

    ISO-8859-1 / US-ASCII / windows-1252 labels: windows-1252 where it applies, and
    valid multi-byte UTF-8 is taken for what it is (:func:`_mislabelled_utf8`).
    """
    if encoding in _CP1252_LABELS:
        text = _mislabelled_utf8(payload)
        if text is None:
            text = payload.decode("cp1252") if _is_cp1252(payload) else payload.decode("latin-1")
        return text
    if _single_byte(encoding):
        # A template's windows-1256 / windows-1251 / koi8-r kept while the CMS writes UTF-8
        # (Arabic and Russian WordPress sites moved to UTF-8 do): read as what the bytes are.
        text = _mislabelled_utf8(payload)
        if text is not None:
            return text
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError("unparseable", f"payload is not valid {encoding} ({exc.reason} at byte {exc.start})") from exc
    if encoding == "cp932" and (bad := _CP932_UNMAPPED.search(text)):
        # Python's cp932 reads the bytes 0xA0, 0xFD-0xFF as private-use characters; browsers'
        # Shift_JIS decoder (and the shift_jis codec) refuse them: they are no text.
        raise ParseError("unparseable", f"payload is not valid shift_jis (a byte 0xA0/0xFD-0xFF, character {bad.start()})")
    return text


_CP932_UNMAPPED = re.compile("[\uf8f0-\uf8f3]")


def _single_byte(encoding: str) -> bool:
    """Whether an encoding is a single-byte legacy one (windows-125x, ISO-8859-x, KOI8, Mac,
    windows-874), in which real text is never also valid multi-byte UTF-8."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("cp125", "iso8859-", "koi8-", "mac-", "cp874", "tis-620", "cp866", "kz1048", "ptcp154"))


def drop_encoding_declaration(text: str) -> str:
    """Decoded XML text without the whitespace before its declaration, nor the declaration's
    encoding (the text is re-encoded as UTF-8, and expat must not decode it again)."""
    if text.lstrip().startswith("<?xml"):
        text = text.lstrip()
    return _XML_DECL_TEXT.sub(r"\1\2", text, count=1)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _mislabelled_utf8(payload: bytes) -> str | None:
    """The text, when a document declared ISO-8859-1 / windows-1252 is really UTF-8.

    Exporters often keep a template's ``encoding="iso-8859-1"`` while writing UTF-8
    (Ritzau's NITF does). Bytes that are valid UTF-8 *and* hold multi-byte
    sequences are practically never meant as Latin-1 ("Ã¥" for "å"), so they are
    read as UTF-8; anything else follows the declaration.
    """
    if not _UTF8_MULTIBYTE.search(payload):
        return None
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _is_cp1252(payload: bytes) -> bool:
    try:
        payload.decode("cp1252")
    except UnicodeDecodeError:
        return False  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in windows-1252; read as ISO-8859-1
    return True


def load_xml(payload: bytes) -> ET.Element:
    """Parse untrusted XML bytes into an Element tree, or raise ParseError.

    * ``unsafe_xml``: the document declares entities (billion laughs,
      quadratic blow-up) or references external entities / DTDs (XXE).
      A plain ``<!DOCTYPE ...>`` without declarations is allowed: old RSS 0.91
      feeds carry one.
    * ``invalid_utf8``: no other encoding is declared and the bytes are not
      UTF-8 (XML's default encoding).
    * ``unparseable``: anything else that is not well-formed XML.

    The bytes are first re-encoded as UTF-8 (:func:`xml_as_utf8`); HTML named
    entities (``&nbsp;``, ``&eacute;``), which XML does not define, are read as
    the characters they name.
    """
    return parse_xml_bytes(xml_as_utf8(payload))


def parse_xml_bytes(data: bytes) -> ET.Element:
    """:func:`load_xml` for bytes :func:`xml_as_utf8` already produced."""
    return parse_and_repair(data)[0]


def parse_and_repair(data: bytes) -> tuple[ET.Element, bytes]:
    """:func:`parse_xml_bytes`, and the bytes as they were finally parsed.

    Faults of real documents that are repaired, each at most once and only by adding
    or dropping markup that declares nothing, so the hardening stands:

    * HTML named entities and bare ampersands (:func:`_html_entities_to_refs`);
    * namespace prefixes used without a declaration (``content:encoded``, ``wfw:``,
      ``media:`` in feeds, ``xsi:schemaLocation``): declared on the root element
      (:func:`declare_unbound_prefixes`);
    * a DOCTYPE internal subset that only pulls in external DTDs through parameter
      entities (NewsML 1.x from SDA/ATS and Kyodo: ``[<!ENTITY % nitf SYSTEM
      "nitf-3-0.dtd"> %nitf; ]``), which are never fetched: the subset is dropped. If
      the document then needs an entity those DTDs would have defined, it stays
      ``unsafe_xml``;
    * an XML declaration after a leading comment (``<!-- cache stamp --><?xml ...?>``):
      the declaration is dropped (the text is UTF-8 by then, :func:`xml_as_utf8`);
    * C0 control characters XML forbids (raw, or as ``&#x1F;``): dropped;
    * markup after the document element (a host's analytics ``<script>`` after ``</rss>``): cut;
    * a character an exporter could not encode, written as a comment naming its code point
      (DTI's NITF: ``Oregon<!-- 2019(unknown) -->s``): that character (``Oregon’s``).

    Callers that hand the text on (feedparser) use the returned bytes.
    """
    if b"(unknown)" in data:
        data = _CHAR_COMMENT.sub(_char_comment_ref, data)
    try:
        return _parse_repairing(data)
    except defusedxml.DefusedXmlException as exc:
        raise ParseError("unsafe_xml", f"XML declares entities or external references: {_unsafe_what(exc)}; "
                                       "refused, nothing expanded or fetched") from exc
    except ET.ParseError as exc:
        raise ParseError("unparseable", f"not well-formed XML: {exc}") from exc
    except (LookupError, ValueError) as exc:  # bad code points
        raise ParseError("unparseable", f"cannot read XML: {exc}") from exc


def _unsafe_what(exc: defusedxml.DefusedXmlException) -> str:
    """What a refused document declares, in words (for the dead letter)."""
    name = getattr(exc, "name", None)
    system_id = getattr(exc, "sysid", None) or getattr(exc, "system_id", None)
    if isinstance(exc, defusedxml.EntitiesForbidden):
        return f"an external entity {name!r} ({system_id})" if system_id else f"an entity {name!r}"
    if isinstance(exc, defusedxml.ExternalReferenceForbidden):
        return f"an external reference ({system_id})" if system_id else "an external reference"
    if isinstance(exc, defusedxml.DTDForbidden):
        return "a DTD"
    return type(exc).__name__


def _fromstring(data: bytes) -> ET.Element:
    return DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)


def _parse_repairing(data: bytes) -> tuple[ET.Element, bytes]:
    done: set[str] = set()
    refused: defusedxml.DefusedXmlException | None = None
    while True:
        try:
            return _fromstring(data), data
        except defusedxml.DefusedXmlException as exc:
            stripped = None if refused is not None else _drop_parameter_entity_subset(data)
            if stripped is None:
                raise
            refused, data = exc, stripped
        except ET.ParseError as exc:
            message = str(exc)
            repairs: list[tuple[str, Callable[[bytes], bytes]]] = []
            if "undefined entity" in message or "invalid token" in message:
                repairs.append(("entities", html_entities_to_refs_bytes))
            if "invalid token" in message or "invalid character number" in message:
                repairs.append(("controls", _drop_control_characters))
            if "unbound prefix" in message:
                repairs.append(("prefixes", declare_unbound_prefixes))
            if "declaration not at start" in message:
                repairs.append(("declaration", lambda d: _MISPLACED_DECL.sub(rb"\1", d, count=1)))
            if "junk after document element" in message:
                repairs.append(("junk", lambda d: _cut_at(d, getattr(exc, "position", None))))
            fixed = None
            for name, repair in repairs:
                if name in done:
                    continue
                done.add(name)
                candidate = repair(data)
                if candidate != data:
                    fixed = candidate
                    break
            if fixed is None:
                if refused is not None:
                    raise refused from None  # the dropped DTDs were needed after all
                raise
            data = fixed


#: DTI (Saxotech) newspaper systems' NITF export writes each character it could not encode as a
#: comment with its code point: ``neighbors<!-- 2019(unknown) --> concerns``, ``<!-- 201c(unknown) -->``.
_CHAR_COMMENT = re.compile(rb"<!--\s*([0-9A-Fa-f]{4,5})\(unknown\)\s*-->")


def _char_comment_ref(m: re.Match[bytes]) -> bytes:
    code = int(m.group(1), 16)
    if code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or code > 0x10FFFF:
        return b""  # a character XML cannot hold: dropped, as the comment would have been
    return b"&#x%x;" % code


# C0 control characters other than tab, newline and carriage return, which XML 1.0 forbids and
# real feeds still carry (text pasted from word processors), raw or as character references.
_CONTROL_CHARS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|&#(?:0*(?:[0-8]|1[124-9]|2[0-9]|3[01])|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]));")


def _drop_control_characters(data: bytes) -> bytes:
    return _CONTROL_CHARS.sub(b"", data)


def _cut_at(data: bytes, position: tuple[int, int] | None) -> bytes:
    """The document up to where expat found "junk after document element" (an analytics script a
    host appends after ``</rss>``, a PHP warning, a second document)."""
    if not position:
        return data
    line, column = position
    lines = data.split(b"\n")
    if not 1 <= line <= len(lines):
        return data
    # expat counts columns in characters; the text is UTF-8, so count them on the decoded line.
    head = lines[line - 1].decode("utf-8", "replace")[:column].encode("utf-8")
    offset = sum(len(l) + 1 for l in lines[: line - 1]) + len(head)
    return data[:offset]


# An XML declaration after a comment (a CMS or cache stamp written first: "<!-- generated in
# 0.2 s --><?xml version=...?>"), which expat refuses: the declaration is dropped.
_MISPLACED_DECL = re.compile(rb"\A((?:\s|<!--.*?-->)+)<\?xml\s[^>]*\?>", re.DOTALL)


# <!DOCTYPE name [PUBLIC "..." "..." | SYSTEM "..."] [ internal subset ]>
_DOCTYPE_SUBSET = re.compile(
    rb"(<!DOCTYPE\s+[\w.:-]+(?:\s+(?:PUBLIC\s+(?:\"[^\"]*\"|'[^']*')\s+|SYSTEM\s+)(?:\"[^\"]*\"|'[^']*'))?\s*)"
    rb"\[(.*?)\]\s*>",
    re.DOTALL,
)
# What an internal subset may hold to be dropped: external parameter entities, their
# references, comments. (A general entity, or any value of its own, is never dropped.)
_PE_ONLY = re.compile(
    rb"(?:\s+|<!--.*?-->|%[\w.:-]+;|<!ENTITY\s+%\s+[\w.:-]+\s+"
    rb"(?:SYSTEM|PUBLIC\s+(?:\"[^\"]*\"|'[^']*'))\s+(?:\"[^\"]*\"|'[^']*')\s*>)*",
    re.DOTALL,
)


def _drop_parameter_entity_subset(data: bytes) -> bytes | None:
    """The document without a DOCTYPE subset that only includes external DTDs, or None."""
    m = _DOCTYPE_SUBSET.search(data[:8192])
    if m is None or not _PE_ONLY.fullmatch(m.group(2)):
        return None
    return data[: m.start()] + m.group(1).rstrip() + b">" + data[m.end() :]


#: Namespaces that feeds and news documents use under these prefixes, often undeclared.
KNOWN_PREFIXES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "media": "http://search.yahoo.com/mrss/",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "atom": "http://www.w3.org/2005/Atom",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "georss": "http://www.georss.org/georss",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "feedburner": "http://rssnamespace.org/feedburner/ext/1.0",
    "thr": "http://purl.org/syndication/thread/1.0",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xlink": "http://www.w3.org/1999/xlink",
}
_PREFIXED_NAME = re.compile(rb"<([A-Za-z_][\w.-]*):[A-Za-z_]|\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=")
_DECLARED = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")
_ROOT_TAG = re.compile(rb"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*<[A-Za-z_][\w.:-]*", re.DOTALL)


#: Real documents leave a handful of prefixes undeclared; a document with more is not repaired
#: (20,000 of them made the feed parser take 20 s over one input: the partition waited).
MAX_UNDECLARED_PREFIXES = 32


def declare_unbound_prefixes(data: bytes) -> bytes:
    """The document with every namespace prefix it uses but never declares declared on its root.

    Known prefixes get their usual namespace (so ``content:encoded`` is read as RSS
    content); others a placeholder URN. CDATA sections are not looked into.
    """
    text = b"".join(part for part in re.split(rb"<!\[CDATA\[.*?\]\]>", data, flags=re.DOTALL))
    used = {(a or b).decode("ascii") for a, b in _PREFIXED_NAME.findall(text)}
    declared = {p.decode("ascii") for p in _DECLARED.findall(text)}
    missing = sorted(used - declared - {"xml", "xmlns"})
    root = _ROOT_TAG.match(data)
    if not missing or root is None or len(missing) > MAX_UNDECLARED_PREFIXES:
        return data
    decls = "".join(f' xmlns:{p}="{KNOWN_PREFIXES.get(p.lower(), "urn:x-undeclared-prefix:" + p)}"' for p in missing)
    return data[: root.end()] + decls.encode("ascii") + data[root.end() :]


def local_name(tag: Any) -> str:
    """``{ns}name`` or ``prefix:name`` -> ``name``; comments/PIs (non-str tags) -> ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def children(elem: ET.Element | None, name: str) -> list[ET.Element]:
    if elem is None:
        return []
    return [c for c in elem if local_name(c.tag) == name]


def child(elem: ET.Element | None, name: str) -> ET.Element | None:
    found = children(elem, name)
    return found[0] if found else None


def text_of(elem: ET.Element | None) -> str:
    """All text inside an element, whitespace collapsed."""
    if elem is None:
        return ""
    return collapse_whitespace("".join(elem.itertext()))


F = TypeVar("F", bound=Callable[..., list[WireItem]])


def guarded(func: F) -> F:
    """Make a parser honour its contract: ParseError, and only ParseError, escapes.

    The parsers check everything they know about; this net catches what a
    hostile document may still provoke deep inside a library (a recursion
    limit on absurd nesting, a date out of range, a validation error) and
    reports it as a parse error instead of crashing the stage.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> list[WireItem]:
        try:
            return func(*args, **kwargs)
        except ParseError:
            raise
        except RecursionError as exc:
            raise ParseError("unparseable", "document is nested too deeply") from exc
        except ValidationError as exc:
            raise ParseError("invalid_item", f"item does not validate: {exc.errors()[:1]}") from exc
        except (ValueError, TypeError, OverflowError, LookupError, AttributeError) as exc:
            raise ParseError("invalid_item", f"cannot read item: {type(exc).__name__}: {exc}") from exc

    return wrapper  # type: ignore[return-value]


# ---------------------------------------------------------------------------
# Markup to text (shared with ninjs.py and rss.py)
# ---------------------------------------------------------------------------

# Element names are compared in lower case (HTML's are case-insensitive, and markup written
# in upper case is common: TT's "ttnitf" inside NewsML-G2, old HTML in NewsML 1.x).
#
# Elements whose text is not story text: document head, page chrome, media and
# captions, NITF's body.head (headline/byline repeated) and scripts; TT's dateline
# (<DAT><ORT>EU</ORT><SOURCE>Bryssel, TT:s korrespondent</SOURCE></DAT>) and picture
# (<BILD>: file, caption, photographer).
SKIP_ELEMENTS = frozenset(
    {
        "head", "title", "script", "style", "noscript", "template", "header", "footer",
        "nav", "aside", "figure", "figcaption", "iframe", "object", "video", "audio",
        "picture", "svg", "math", "body.head", "body.end", "media", "button", "form",
        "dat", "bild",
    }
)  # fmt: skip
# Blocks by their class that are a page's sharing and related-posts widgets, not story text: FeedBurner's
# "feedflare" links, WordPress Jetpack's "sharedaddy" ("Share this: Twitter Facebook") and related posts,
# AddToAny's buttons, as feeds' content:encoded carries them.
CHROME_CLASSES = frozenset(
    {
        "feedflare", "sharedaddy", "sd-sharing-enabled", "jp-relatedposts", "addtoany_share_save_container",
        "addtoany_content", "a2a_kit", "social-share", "share-buttons", "sharing-buttons",
        "more-link",  # WordPress's "Continue reading <title>" link inside the excerpt's last paragraph
    }
)  # fmt: skip
# Elements that end a paragraph: their text becomes a paragraph of its own. The last
# line: TT's text elements (RUBRIK headline, INGRESS lead, BRODTEXT body, CITAT quote,
# MELLIS crosshead, BYLINE, and TEXT around each story or fact box).
BLOCK_ELEMENTS = frozenset(
    {
        "p", "div", "section", "article", "main", "blockquote", "pre", "li", "ul", "ol",
        "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2", "tr", "table",
        "hr", "body", "html", "block", "body.content", "nitf", "address", "center",
        "caption", "tagline", "bq", "note",
        "rubrik", "ingress", "brodtext", "citat", "mellis", "byline", "text",
    }
)  # fmt: skip


#: Table cells: a row (``tr``) is one paragraph, its cells' texts separated by a space ("Borno 30"),
#: not one paragraph a cell (formats round 10).
CELL_ELEMENTS = frozenset({"td", "th"})


#: Han, kana, CJK punctuation and full-width forms: scripts written without spaces between words
#: (Hangul, which has them, is not here).
class _TextCollector:
    """Turns start/end/data events into paragraphs separated by blank lines."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._buf: list[str] = []
        self._skip_depth = 0
        self._after_br = False

    def start(self, name: str, classes: str | None = None) -> None:
        name = name.lower()
        if self._skip_depth or name in SKIP_ELEMENTS or (classes and not CHROME_CLASSES.isdisjoint(classes.split())):
            self._skip_depth += 1
        elif name == "br":
            self.br()
        elif name in BLOCK_ELEMENTS:
            self.flush()
        elif name in CELL_ELEMENTS:
            self._buf.append(" ")

    def end(self, name: str) -> None:
        if self._skip_depth:
            self._skip_depth -= 1
        elif name.lower() in BLOCK_ELEMENTS:
            self.flush()
        elif name.lower() in CELL_ELEMENTS:
            self._buf.append(" ")

    def br(self) -> None:
        """A line break: one is a space (wire text wrapped with <br/> every 70 characters),
        two in a row end the paragraph (HTML written with <br><br> between paragraphs)."""
        if self._skip_depth:
            return
        if self._after_br:
            self.flush()
        else:
            self._buf.append("\n")
            self._after_br = True

    def data(self, text: str) -> None:
        if not self._skip_depth and text:
            self._buf.append(text)
            if not text.isspace():
                self._after_br = False

    def flush(self) -> None:
        para = collapse_whitespace("".join(self._buf))
        self._buf = []
        self._after_br = False
        if para:
            self.paragraphs.append(para)

    def text(self) -> str:
        self.flush()
        return "\n\n".join(self.paragraphs)


_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed", "param", "track"})


class _HTMLText(HTMLParser):
    def __init__(self, collector: _TextCollector) -> None:
        super().__init__(convert_charrefs=True)
        self.c = collector

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = local_name(tag)
        if name in _VOID:
            if name == "br":
                self.c.br()
            elif name in BLOCK_ELEMENTS:
                self.c.flush()
            return
        self.c.start(name, next((v for k, v in attrs if k == "class"), None))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = local_name(tag)
        if name == "br":
            self.c.br()
        elif name in BLOCK_ELEMENTS:
            self.c.flush()

    def handle_endtag(self, tag: str) -> None:
        name = local_name(tag)
        if name not in _VOID:
            self.c.end(name)

    def handle_data(self, data: str) -> None:
        self.c.data(data)


def html_to_text(markup: str) -> str:
    """Reduce an HTML fragment or document to plain paragraphs.

    Paragraph-level elements become paragraphs separated by a blank line (the
    WireItem body convention); inline markup disappears; entities are decoded;
    heads, scripts, page headers, figures and captions are dropped. HTML is
    parsed leniently (html.parser), so broken markup still yields its text.
    """
    collector = _TextCollector()
    parser = _HTMLText(collector)
    parser.feed(markup)
    parser.close()
    return collector.text()


def xml_to_text(elem: ET.Element) -> str:
    """Like :func:`html_to_text`, for an already parsed (X)HTML/NITF element's content."""
    collector = _TextCollector()
    # Iterative walk: a hostile document may nest deeper than Python's recursion limit.
    if elem.text:
        collector.data(elem.text)
    stack: list[tuple[ET.Element, bool]] = [(c, False) for c in reversed(list(elem))]
    while stack:
        node, closing = stack.pop()
        name = local_name(node.tag)
        if closing:
            collector.end(name)
            if node.tail:
                collector.data(node.tail)
            continue
        if not name:  # comment / processing instruction: keep only its tail
            if node.tail:
                collector.data(node.tail)
            continue
        collector.start(name, node.get("class"))
        if node.text:
            collector.data(node.text)
        stack.append((node, True))
        stack.extend((c, False) for c in reversed(list(node)))
    text = collector.text()
    if "<" not in text:
        return text
    # Markup escaped inside an element instead of written as elements: Anadolu Agency's NITF
    # (<body.content>&lt;p&gt;DÜZCE (AA) - ...&lt;/p&gt;&lt;p&gt;...</body.content>).
    paras = [html_to_text(p) if looks_like_markup(p) else p for p in text.split("\n\n")]
    return "\n\n".join(p for p in paras if p)


def drop_repeated_headline(body: str, headline: str, subheadline: str | None = None) -> str:
    """Remove first paragraphs that only repeat the headline, then the subheadline
    (HTML bodies often open with <h1>headline</h1><h2>subheadline</h2>). Words are compared,
    not punctuation: Google News' description "<a>Title</a>&nbsp;<font>Outlet</font>" repeats
    its title "Title - Outlet"."""
    paras = body.split("\n\n")
    for line in (headline, subheadline):
        if line and paras and normalised_words(paras[0]) == normalised_words(line) and normalised_words(line):
            paras = paras[1:]
    return "\n\n".join(paras)


#: One group of a desk sign-off: a few letters ("bur", "jm", Arabic "غ ر", "ا ف ب"), no digits.
_SIGNOFF_GROUP = r"(?:[^\W\d_]{1,2}(?: [^\W\d_]{1,2}){1,2}|[^\W\d_]{1,5})"
#: A wire desk's sign-off, staff initials joined by / and -: AFP's "bur-jm/sst", "ap/kir/jhb",
#: its Arabic service's "بور/نور/غ ر", "سب-لال/نور-كام-ريم-كبج-ود/سام" (at least one '/').
_SIGNOFF = re.compile(rf"^{_SIGNOFF_GROUP}(?:\s?[-/]\s?{_SIGNOFF_GROUP})*\s?/\s?{_SIGNOFF_GROUP}(?:\s?[-/]\s?{_SIGNOFF_GROUP})*$")


#: The longest first paragraph taken as the headline of an alert whose headline element is empty.
MAX_OPENING_HEADLINE = 200


def drop_signoff(body: str) -> str:
    """The body without a last paragraph that is only a desk's sign-off (:data:`_SIGNOFF`):
    staff initials are no part of the story (and made every AFP alert's body two paragraphs)."""
    paras = body.rstrip().split("\n\n")
    if len(paras) > 1 and len(paras[-1]) <= 48 and _SIGNOFF.match(paras[-1].strip()):
        paras = paras[:-1]
    return "\n\n".join(paras)


def looks_like_markup(value: str) -> bool:
    """A value labelled plain text that is really markup: an XML declaration, or <p>...</p>.

    ANSA's inlineData and some ninjs producers send HTML as ``text/plain``.
    """
    v = value.strip()
    return v.startswith("<") and v.endswith(">") and bool(re.match(r"<(?:\?xml|!--|[A-Za-z][\w.:-]*[\s/>])", v))


def plain_paragraphs(text: str) -> str:
    """Plain text as blank-line separated paragraphs, lines within a paragraph joined.

    Text with no blank line at all comes two ways: one paragraph a line (TT, NTB:
    long lines), kept so; or wrapped at a fixed width (wire text, every line short),
    whose paragraphs start with an indented line (and it is one paragraph if none is).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
    else:
        lines = [line for line in text.split("\n") if line.strip()]
        if any(len(line.strip()) > _WRAP_WIDTH for line in lines):
            blocks = lines
        else:
            blocks = re.split(r"\n(?=[ \t]{2,}\S|\t)", "\n".join(lines))
    paras = [collapse_whitespace(p) for p in blocks]
    return "\n\n".join(p for p in paras if p)


# Lines no longer than this, none longer, are a text wrapped at a fixed width (69-80 columns on the wire).
_WRAP_WIDTH = 90


# ---------------------------------------------------------------------------
# NewsML-G2
# ---------------------------------------------------------------------------

#: Publishing status words (NewsML-G2 stat:, NewsML 1.x Status, NITF management-status) -> pubstatus;
#: an embargoed item (NewsML 1.x Status "Embargoed", NITF) is not for use yet: withheld.
PUBSTATUS = {"usable": "usable", "canceled": "canceled", "cancelled": "canceled", "withheld": "withheld",
             "embargoed": "withheld"}


def _qcode_value(elem: ET.Element | None) -> str:
    """The code part of ``qcode="stat:canceled"`` (or of a ``uri`` attribute)."""
    if elem is None:
        return ""
    code = elem.get("qcode") or elem.get("uri") or ""
    return code.rsplit(":", 1)[-1].rsplit("/", 1)[-1].lower()


def _is_text_item(item: ET.Element) -> bool:
    item_class = child(child(item, "itemMeta"), "itemClass")
    return item_class is None or _qcode_value(item_class) in ("", "text", "composite")


def _rank(elem: ET.Element) -> int:
    try:
        return int(elem.get("rank", "0"))
    except ValueError:
        return 0


_SUB_ROLES = {"sub", "subheadline", "subheading", "subhead", "subtitle", "sub-headline"}


def _is_sub_role(role: str | None) -> bool:
    """``hlrole:sub``, ``nrol:subHeadline``, ``subtitle``...: a subheadline, not the headline."""
    code = (role or "").strip().rsplit(":", 1)[-1].rsplit("/", 1)[-1].lower()
    return code in _SUB_ROLES or "subheadline" in (role or "").lower()


def _same_language(tag: str | None, wanted: str) -> bool:
    """``en-GB`` is in ``en`` (and ``en`` in ``en-GB``): the primary language subtags agree."""
    return bool(tag) and tag.strip().lower().split("-")[0] == wanted.strip().lower().split("-")[0]


def in_language(elems: list[ET.Element], wanted: str | None, inherited: str | None) -> list[ET.Element]:
    """The elements (headlines, descriptions, renditions) in the language wanted, each in its own
    ``xml:lang`` or else the one it inherits; all of them when none is, or nothing is wanted."""
    if not wanted or not any(e.get(_XML_LANG) for e in elems):
        return elems
    found = [e for e in elems if _same_language(e.get(_XML_LANG) or inherited, wanted)]
    return found or elems


def headline_language(content_meta: ET.Element | None, declared: str | None) -> str | None:
    """The language to read a G2 item in: the declared one (``contentMeta/language``, the item's
    ``xml:lang``), else the first headline's (``<headline xml:lang="fr">``), if it names one."""
    if declared:
        return declared
    heads = children(content_meta, "headline")
    return heads[0].get(_XML_LANG) if heads else None


def _headline_role_order(role: str | None) -> int:
    """0 for the main headline's role (``hlrole:main``, ``...:headline``), 1 for none, 2 for the other
    renditions a producer adds (``hlrole:short``, ``alternate``, ``seo``, ``social``, ``web``...): the
    main one is the headline whatever their order (a short one came first: formats round 10)."""
    if not role:
        return 1
    word = re.split(r"[:/#]", role.strip().lower())[-1]
    return 0 if word in ("main", "headline", "hl1", "primary") else 2


def _headlines(content_meta: ET.Element | None, language: str | None = None) -> tuple[str, str | None]:
    """The headline and subheadline, in ``language`` when the headlines are in several."""
    inherited = content_meta.get(_XML_LANG) if content_meta is not None else None
    heads = in_language(children(content_meta, "headline"), language, inherited or language)
    subs = [h for h in heads if _is_sub_role(h.get("role"))]
    mains = [h for h in heads if h not in subs] or heads
    headline = text_of(min(mains, key=lambda h: (_headline_role_order(h.get("role")), _rank(h)))) if mains else ""
    sub = text_of(subs[0]) if subs else None
    if sub and sub.casefold() == headline.casefold():
        sub = None  # the headline repeated in the subheadline slot (ANSA)
    return headline, (sub or None)


# inlineXML holding one of these is story text; other XML (SportsML statistics, event
# or concept sets, financial data) is not reduced to text.
_TEXT_NAMESPACES = ("http://www.w3.org/1999/xhtml", "http://iptc.org/std/nitf")
_TEXT_ROOTS = BLOCK_ELEMENTS | {"html", "nitf", "body", "span", "a", "em", "strong", "b", "i"}


_ESCAPED_ROOT = re.compile(r"^\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w.:-]*)", re.DOTALL)


def escaped_markup_is_text(raw: str) -> bool:
    """Whether markup written as text (escaped, or in CDATA) is story markup: its first element is
    (X)HTML or NITF (``<p>``, ``<div>``, ``<nitf>``...), not a data document such as
    ``<FootballResult><Hteam>Arsenal</Hteam>...`` (the IPTC NewsML 1.0 sports-result sample),
    whose text run together ("Arsenal1Chelsea2") is no story."""
    m = _ESCAPED_ROOT.match(raw)
    if m is None:
        return True
    return m.group(1).rsplit(":", 1)[-1].lower() in _TEXT_ROOTS


def _is_story_markup(inline: ET.Element) -> bool:
    """Whether an inlineXML holds (X)HTML, NITF or plain text (not SportsML, events, data)."""
    ctype = (inline.get("contenttype") or "").lower()
    if any(t in ctype for t in ("html", "nitf", "text/plain")):
        return True
    first = next((c for c in inline if local_name(c.tag)), None)
    if first is None:
        return True  # text only
    tag = first.tag if isinstance(first.tag, str) else ""
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    if namespace and not namespace.startswith("http://iptc.org/std/nar/"):
        return namespace.lower().startswith(_TEXT_NAMESPACES)  # NITF's is spelt .../std/NITF/2006-10-18/
    # No namespace of its own (or the newsItem's, inherited): XHTML written without one.
    return local_name(tag).lower() in _TEXT_ROOTS


#: Infomaker/Naviga Writer's document format (IDF) ``<element type=...>`` types that are not body text.
_IDF_NOT_BODY = frozenset({"headline", "dateline", "pagedateline"})


def _idf_text(idf: ET.Element) -> str:
    """The story text of an Infomaker IDF document (Naviga Writer's NewsML-G2 inlineXML):
    its ``group/element`` blocks in order, one paragraph each, without the headline and
    dateline elements and without ``object``s (pictures, video, embeds, fact boxes)."""
    paras: list[str] = []
    stack = [c for c in reversed(list(idf))]
    while stack:
        node = stack.pop()
        name = local_name(node.tag)
        if name == "element":
            if (node.get("type") or "").lower() not in _IDF_NOT_BODY:
                paras.append(xml_to_text(node))
        elif name and name != "object":
            stack.extend(reversed(list(node)))
    return "\n\n".join(p for p in paras if p)


def _base64_text(raw: str, ctype: str) -> str:
    """An ``inlineData encoding="base64"`` value decoded (in the charset of its content type, else
    UTF-8); empty when it is not base64 text."""
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", ctype)
    try:
        data = base64.b64decode("".join(raw.split()), validate=True)
        return data.decode(encoding_name(m.group(1)) if m else "utf-8")
    except (ValueError, LookupError, UnicodeDecodeError):
        return ""


def _body(item: ET.Element, content_meta: ET.Element | None, language: str | None = None) -> str:
    content_set = child(item, "contentSet")
    inherited = item.get(_XML_LANG) or language
    for inline in in_language(children(content_set, "inlineXML"), language, inherited):
        idf = next((c for c in inline if local_name(c.tag) == "idf"), None)
        if idf is not None and (text := _idf_text(idf)):
            return text
        if not _is_story_markup(inline):
            continue
        raw = inline.text or ""
        if not any(local_name(c.tag) for c in inline) and looks_like_markup(raw):
            if not inline.get("contenttype") and not escaped_markup_is_text(raw):
                continue  # escaped data (statistics, results), not story markup
            text = html_to_text(raw)  # the markup escaped (or in CDATA) instead of inline
        else:
            # rNews (schema.org microdata in the XHTML): the story is what is marked articleBody,
            # not the byline, dateline, copyright and tag blocks around it.
            marked = [xml_to_text(e) for e in itemprops(inline, "articleBody")]
            text = "\n\n".join(t for t in marked if t) or xml_to_text(inline)
        if text:
            return text
    for inline in in_language(children(content_set, "inlineData"), language, inherited):
        ctype = (inline.get("contenttype") or "text/plain").lower()
        raw = "".join(inline.itertext())
        if (inline.get("encoding") or "").strip().lower() == "base64":
            raw = _base64_text(raw, ctype)  # NewsML-G2's inlineData@encoding: the content base64-encoded
        text = html_to_text(raw) if "html" in ctype or looks_like_markup(raw) else plain_paragraphs(raw)
        if text:
            return text
    # No content of its own (a text item whose body is in a package or only behind
    # a remoteContent link, or an abstract-only item): the description is the best
    # text there is (the summary / abstract before other roles).
    descriptions = sorted(
        in_language(children(content_meta, "description"), language, inherited),
        key=lambda d: 0 if any(r in (d.get("role") or "").lower() for r in ("summary", "abstract", "lead")) else 1,
    )
    for desc in descriptions:
        text = xml_to_text(desc) if len(desc) else text_of(desc)
        if text:
            return text
    return ""


_DATE_WORDS = [*WEEKDAYS, *WEEKDAY_ABBREVIATIONS, *MONTHS, *MONTH_ABBREVIATIONS] + (
    "lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août "
    "septembre octobre novembre décembre janv févr fév avr juil sam dim "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember "
    "lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto "
    "septiembre octubre noviembre diciembre"
).split()
# A dateline part that is a date or weekday: a number, or one of these words (then a space, '.' or the end).
_WEEKDAYS_MONTHS = re.compile(
    r"^(?:\d|(?:" + "|".join(sorted(map(re.escape, _DATE_WORDS), key=len, reverse=True)) + r")(?:[.\s]|$))",
    re.IGNORECASE,
)


_DATE_WORD_SET = frozenset(_DATE_WORDS)
# Time-of-day and zone tokens of a dateline that is only a date ("2018-01-03 20:13:08 GMT+00:00").
_TIME_TOKEN = re.compile(r"^(?:[\d:./+-]+|(?:gmt|utc|z|am|pm|a\.m|p\.m|cet|cest|est|edt|pst|pdt)(?:[+-][\d:]+)?)$", re.IGNORECASE)


def _date_token(token: str) -> bool:
    word = token.strip(".,").casefold()
    return bool(word) and (word in _DATE_WORD_SET or bool(_TIME_TOKEN.match(word)) or bool(re.fullmatch(r"\d+(?:st|nd|rd|th|\.)?", word)))


def _is_number(token: str) -> bool:
    return bool(re.fullmatch(r"\d{1,4}(?:st|nd|rd|th)?\.?,?", token))


def _is_month_or_day(token: str) -> bool:
    return token.strip(".,").casefold() in _DATE_WORD_SET


def _cut_date(place: str) -> str:
    """'SYDNEY March 22 AAP' -> 'SYDNEY': a place followed by a date without a comma between."""
    tokens = place.split()
    for i in range(1, len(tokens)):
        if re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\.?", tokens[i]):  # 'Kyiv 24.02.2022', 'Gaza 2024-02-10'
            return " ".join(tokens[:i])
    for i in range(1, len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if (_is_month_or_day(a) and _is_number(b)) or (_is_number(a) and _is_month_or_day(b)):
            return " ".join(tokens[:i])
    return place


def dateline_place(dateline: str) -> str | None:
    """The place part of a dateline, when there is no <located> name.

    'New York (dpa) - ' -> 'New York'; 'MOSCOW, Monday (Reuters)' -> 'MOSCOW';
    'PARIS, Feb 10, 2019 (AFP) -' -> 'PARIS'; 'GROSSETO, Italy (AP) --' -> 'GROSSETO, Italy';
    'SYDNEY March 22 AAP' -> 'SYDNEY'. A dateline that is only a date or time
    ('Jan 30 (Reuters) -', '2018-01-03 20:13:08 GMT+00:00', 'MARCH 04, 2013') has no place.
    """
    place = re.sub(r"\(.*?\)", " ", dateline)
    place = re.split(r"\s[-\u2013\u2014]+\s|\s[-\u2013\u2014]+$", place.strip() + " ")[0]
    parts = [" ".join(part.split()) for part in place.split(",")]
    # Drop the date / weekday after the place ("Monday", "Feb 10", "10 février 2019").
    while len(parts) > 1 and (not parts[-1] or _WEEKDAYS_MONTHS.match(parts[-1])):
        parts.pop()
    if parts and all(_date_token(t) for t in parts[0].split()):
        return None  # the first part is a date or time itself: no place in this dateline
    if parts:
        parts[0] = _cut_date(parts[0])
    place = ", ".join(p for p in parts if p).strip(" -\u2013\u2014,:")
    return place or None


#: News agencies whose copy opens with a dateline "PLACE (AGENCY) -": the credit in parentheses.
_AGENCIES = (
    "AP", "Reuters", "AFP", "dpa", "DPA", "EFE", "ANSA", "Xinhua", "AA", "Anadolu", "IANS", "PTI", "UNI", "TASS",
    "Ukrinform", "UNIAN", "Interfax", "Interfax-Ukraine", "RIA Novosti", "Sputnik", "KUNA", "WAM", "SPA", "QNA",
    "MENA", "IRNA", "Kyodo", "Yonhap", "Bernama", "Antara", "CNA", "APA", "Lusa", "Belga", "ANP", "NTB", "TT",
    "Ritzau", "STT", "PAP", "CTK", "ČTK", "MTI", "HINA", "BTA", "Agerpres", "AAP", "CP", "PA", "UPI", "AP Photo",
    "Europa Press", "Prensa Latina", "Télam", "ATS", "SDA", "KNA", "epd", "AFP/dpa", "dpa/AFP", "Reuters/AP",
    "أ ف ب", "ا ف ب", "رويترز", "واس", "قنا", "وام", "كونا", "ТАСС", "РИА Новости", "Интерфакс", "Укрінформ", "УНІАН",
    # formats round 10: the national agencies of the countries at war or in crisis, and their neighbours'
    "SUNA", "SANA", "WAFA", "LANA", "Saba", "SABA", "INA", "NINA", "NNA", "Petra", "JTA", "APP", "BSS", "Pajhwok",
    "ENA", "NAN", "ACP", "PNA", "VNA", "BelTA", "KCNA", "Tasnim", "Fars", "Mehr", "ISNA", "MAP", "APS", "TAP",
    "ANI", "RFE/RL", "Kaztag", "Kabar", "AKI", "Anadolu Agency", "Xinhua/AP",
    "BUSINESS WIRE", "Business Wire", "PRNewswire", "PRNewswire-FirstCall", "GLOBE NEWSWIRE", "ACCESSWIRE",
    "سانا", "وفا", "سونا", "سبأ", "الأناضول", "واع", "بترا", "قنا", "إرنا", "ارنا", "مهر", "تسنيم", "فارس",
)  # fmt: skip
#: Agencies whose dateline has no dash before the story (India's: "NEW DELHI, Mar 1 (PTI) The government ...").
_AGENCIES_NO_DASH = ("PTI", "IANS", "UNI", "ANI")
_AGENCY_ALT = "|".join(sorted(map(re.escape, _AGENCIES), key=len, reverse=True))
#: The opening dateline of wire copy: "KYIV, Ukraine (AP) — ", "GENEVA (Reuters) - ", "Dakar, 3 mars (AFP) -",
#: "كييف (أوكرانيا), 25-11-2023 (أ ف ب) -", and TASS's "ХАРЬКОВ, 20 сентября. /ТАСС/.".
_OPENING_DATELINE = re.compile(
    r"^((?:[^()\n.!?;:\"“”«»]|\([^()\n]{1,30}\)|(?<=\d)\.(?=\s?\w)|(?<=[^\W\d_]{3})\.(?=\s?\d)"
    # an abbreviated state after the city, as AP writes it: "LAKEVILLE, Conn.--", "ALBANY, N.Y. (AP)"
    r"|(?<=[\s,.])[A-Z][a-z]{0,4}\.(?=\s|--|\(|[A-Z]\.)){2,80}?)\s*"
    rf"(?:\((?:{_AGENCY_ALT})\)\s*(?:[-\u2013\u2014]{{1,2}}|\.-|:)|[.,]?\s*/(?:{_AGENCY_ALT})/\.?"
    rf"|\((?:{'|'.join(_AGENCIES_NO_DASH)})\)(?=\s+[A-Z]))(?:\s|(?<=--)(?=\S))",  # Business Wire: "--(BUSINESS WIRE)--The"
)


def opening_dateline_place(body: str) -> str | None:
    """The place of the dateline a story's text opens with (:data:`_OPENING_DATELINE`), if any:
    plain wire text, feed descriptions and JSON bodies carry it only there."""
    head = body[:200]
    if "(" not in head and "/" not in head:
        return None  # the agency is in brackets or slashes: no regex (it tries each of 80 lengths)
    m = _OPENING_DATELINE.match(head)
    place = dateline_place(m.group(1)) if m else None
    if not place:
        return None
    # A place name's words are capitalised (or in a script without case): "Negotiators met on Sunday
    # (AP) - ..." opens a sentence, not a dateline.
    words = place.split(",", 1)[0].split()
    if len(words) > 4 or any(w[0].islower() and w.lower() not in _PLACE_PARTICLES for w in words):
        return None
    return place


#: Lower-case words inside place names ("Rio de Janeiro", "Ras al Ain", "Frankfurt am Main").
_PLACE_PARTICLES = frozenset("de del la las los el al am an der du des da do dos di of upon sur en".split())


def nitf_headlines(nitf: ET.Element | None) -> tuple[str, str | None]:
    """(headline, subheadline) of a NITF document: body.head/hedline hl1 / hl2, else head/title."""
    hedline = child(child(child(nitf, "body"), "body.head"), "hedline")
    headline = text_of(child(hedline, "hl1")) or text_of(child(child(nitf, "head"), "title"))
    sub = text_of(child(hedline, "hl2"))
    return headline, (sub if sub and sub.casefold() != headline.casefold() else None)


def nitf_dateline_place(dateline: ET.Element | None) -> str | None:
    """The place of a NITF ``<dateline>``: its location/city (or location), else its text's place part."""
    location = child(dateline, "location")
    city = text_of(child(location, "city")) or text_of(location)
    if city:
        return city
    if dateline is None:
        return None
    # The dateline's own text, in order, without its <story.date> (nor comments).
    parts = [dateline.text or ""]
    for c in dateline:
        if local_name(c.tag) not in ("story.date", ""):
            parts.append(text_of(c))
        parts.append(c.tail or "")
    return dateline_place(" ".join(" ".join(parts).split()))


def _inline_headline(item: ET.Element) -> str:
    """A headline from the item's own markup when contentMeta has none: NITF hl1/title, XHTML
    title, the IDF headline element."""
    for inline in children(child(item, "contentSet"), "inlineXML"):
        for root in inline:
            name = local_name(root.tag)
            if name == "nitf":
                return nitf_headlines(root)[0]
            if name == "html":
                return text_of(child(child(root, "head"), "title"))
            if name == "idf":
                return _idf_element(root, "headline")
    return ""


def itemprops(elem: ET.Element, prop: str) -> list[ET.Element]:
    """The elements under ``elem`` whose schema.org microdata ``itemprop`` names ``prop`` (rNews)."""
    return [e for e in elem.iter() if prop in (e.get("itemprop") or "").split()]


def _inline_microdata(item: ET.Element, prop: str) -> str:
    """The first rNews ``itemprop`` value in the item's inline XHTML: an element's text, a ``<meta>``'s content."""
    for inline in children(child(item, "contentSet"), "inlineXML"):
        for elem in itemprops(inline, prop):
            value = elem.get("content") if local_name(elem.tag) == "meta" else xml_to_text(elem)
            if value := " ".join((value or "").split()):
                return value
    return ""


def _idf_element(idf: ET.Element, kind: str) -> str:
    """The text of the first IDF ``<element type="kind">`` (headline, dateline), '' if none."""
    found = (text_of(e) for e in idf.iter() if local_name(e.tag) == "element" and (e.get("type") or "").lower() == kind)
    return next((t for t in found if t), "")


def _inline_place(item: ET.Element) -> str | None:
    """The place of the item's own dateline markup (IDF's dateline element) when contentMeta has none."""
    for inline in children(child(item, "contentSet"), "inlineXML"):
        for root in inline:
            if local_name(root.tag) == "idf":
                return dateline_place(_idf_element(root, "dateline"))
    return None


#: Placeholders some systems write where no place is known (Reuters video: "No-Data-Available").
_NO_PLACE = frozenset({"no-data-available", "no data available", "n/a", "na", "none", "unknown", "-", "null"})


#: Reuters' caveat before a place (and a date) it could not verify: "SAID TO BE DERAA, SYRIA".
_UNVERIFIED_PLACE = re.compile(r"^(?:said to be|reportedly)\s+", re.IGNORECASE)


def _located(content_meta: ET.Element | None) -> str | None:
    """located/name (else its ``literal``: TT's ``<located literal="EU"/>``), else the dateline's
    place, else a readable located qcode ('city:Moscow')."""
    located = child(content_meta, "located")
    for name in (text_of(child(located, "name")), " ".join((located.get("literal") or "").split()) if located is not None else ""):
        # Reuters marks a place it has not verified (user-generated video): "SAID TO BE DERAA, SYRIA".
        name = _UNVERIFIED_PLACE.sub("", name)
        if name and name.casefold() not in _NO_PLACE:
            return name
    place = dateline_place(text_of(child(content_meta, "dateline")))
    if place:
        return place
    code = (located.get("qcode") or "").split(":", 1)[-1] if located is not None else ""
    return code if re.fullmatch(r"[^\W\d_][^\W\d]*(?:[ -][^\W\d]+)*", code) else None


def _item(item: ET.Element, *, source: str, received: datetime, raw: bytes, doc_lang: str | None) -> WireItem:
    guid = (item.get("guid") or "").strip()
    if not guid:
        raise ParseError("invalid_item", "newsItem has no guid attribute")
    version_attr = (item.get("version") or "1").strip()
    if not version_attr.isdigit():
        raise ParseError("invalid_item", f"newsItem {guid!r}: version must be a non-negative integer, got {version_attr!r}")
    item_meta = child(item, "itemMeta")
    content_meta = child(item, "contentMeta")

    published = None
    for elem, what in (
        (child(item_meta, "versionCreated"), "versionCreated"),
        (child(item_meta, "firstCreated"), "firstCreated"),
        (child(content_meta, "contentCreated"), "contentCreated"),
    ):
        published = parse_datetime(text_of(elem) or None, f"newsItem {guid!r} {what}")
        if published is not None:
            break

    status = PUBSTATUS.get(_qcode_value(child(item_meta, "pubStatus")), "usable")
    lang_elem = child(content_meta, "language")
    declared = (lang_elem.get("tag") if lang_elem is not None else None) or item.get(_XML_LANG) or doc_lang
    # Headlines in several languages (<headline xml:lang="en">, <headline xml:lang="fr">): the
    # declared language's, else the first one's; the item is in that language.
    language = headline_language(content_meta, declared) or _inline_microdata(item, "inLanguage")
    headline, subheadline = _headlines(content_meta, language)
    # No contentMeta headline: the inline NITF / XHTML one, else itemMeta/title (mandatory, often a slug).
    headline = headline or _inline_headline(item) or text_of(child(item_meta, "title"))
    subheadline = subheadline or _inline_microdata(item, "alternativeHeadline") or None
    body = drop_repeated_headline(drop_signoff(_body(item, content_meta, language)), headline, subheadline)
    located = _located(content_meta) or _inline_place(item) or dateline_place(_inline_microdata(item, "dateline"))
    if not headline and not body:
        raise ParseError(
            "invalid_item",
            f"newsItem {guid!r} has neither headline nor story text (metadata only, or non-text inline content)",
        )
    return make_item(
        source=source,
        guid=guid,
        fmt=FORMAT,
        headline=headline,
        subheadline=subheadline,
        body=body,
        published=published,
        received=received,
        raw=raw,
        version=int(version_attr),
        language=language or None,
        located=located,
        pubstatus=status,
    )


#: NewsML-G2 items that are not news items: what they carry instead of a story.
OTHER_G2_ITEMS = {
    "packageItem": "a package: it only references other items",
    "conceptItem": "a concept (person, organisation, place, event...), not a story",
    "knowledgeItem": "a set of concepts, not a story",
    "planningItem": "coverage planning, not a story",
    "catalogItem": "a catalog of controlled vocabularies, not a story",
}
#: Root elements read by this module (the sniffers and the generic XML types use it).
G2_ROOTS = frozenset({"newsItem", "newsMessage", *OTHER_G2_ITEMS})
#: Parts of a NewsML-G2 item sent on their own (the guidelines' listings show them so): refused clearly.
G2_FRAGMENTS = frozenset(
    {"contentSet", "contentMeta", "itemMeta", "groupSet", "itemSet", "inlineXML", "partMeta", "rightsInfo"}
)
#: Roots routed to this parser: NewsML-G2 (items and fragments), and NewsML 1.x.
ROOTS = G2_ROOTS | G2_FRAGMENTS | {"NewsML"}


def iter_news_items(root: ET.Element) -> Iterator[ET.Element]:
    """The newsItems of a document: the root itself, or those in a newsMessage."""
    name = local_name(root.tag)
    if name == "newsItem":
        yield root
    elif name == "newsMessage":
        for item_set in children(root, "itemSet"):
            yield from children(item_set, "newsItem")
    elif name == "packageItem":
        raise ParseError("empty", f"NewsML-G2 <packageItem> is {OTHER_G2_ITEMS[name]}; it carries no story text")
    elif name in G2_FRAGMENTS:
        raise ParseError("unsupported_format", f"<{name}> is a fragment of a NewsML-G2 item, not a whole newsItem (no guid)")
    elif name in OTHER_G2_ITEMS:
        raise ParseError("unsupported_format", f"NewsML-G2 <{name}> is {OTHER_G2_ITEMS[name]}; only newsItems are read")
    else:
        raise ParseError("unsupported_format", f"root element <{name}> is not a NewsML-G2 newsItem or newsMessage")


# ---------------------------------------------------------------------------
# NewsML 1.x (AFP, ANA-MPE, Business Wire still send it)
# ---------------------------------------------------------------------------


def _first(elem: ET.Element, name: str) -> ET.Element | None:
    """The first descendant (document order) with this local name."""
    return next((e for e in elem.iter() if local_name(e.tag) == name), None)


def _all(elem: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in elem.iter() if local_name(e.tag) == name]


def _formal(elem: ET.Element | None) -> str:
    return (elem.get("FormalName") or "").strip() if elem is not None else ""


def _nml1_kind(content_item: ET.Element) -> str:
    """'text', 'photo', 'video', 'style'... of a ContentItem: its MediaType, else its MimeType."""
    media = _formal(child(content_item, "MediaType")).lower()
    if media in ("text", "photo", "picture", "image", "graphic", "graphics", "video", "audio"):
        return media
    # No MediaType, or a vague one (TASS: "ComplexData" holding NITF): the MimeType says.
    mime = _formal(child(content_item, "MimeType")).lower()
    if mime.startswith(("image/", "video/", "audio/")):
        return mime.split("/", 1)[0]
    if "css" in mime or "javascript" in mime:
        return "style"
    if mime and not any(t in mime for t in ("text", "xml", "html", "nitf")):
        return media or "data"
    data = child(content_item, "DataContent")
    if data is None:
        return "link"
    if not media and not mime and not _formal(child(content_item, "Format")):
        # Nothing says what the content is (the IPTC sports-result sample: a CDATA
        # <FootballResult> document): text only when it is text or story markup.
        first = next((c for c in data if local_name(c.tag)), None)
        if first is not None:
            if local_name(first.tag).lower() not in _TEXT_ROOTS:
                return "data"
        elif not escaped_markup_is_text("".join(data.itertext())):
            return "data"
    return "text"


def _nml1_text(content_item: ET.Element) -> str:
    data = child(content_item, "DataContent")
    if data is None:
        return ""
    if any(local_name(c.tag) for c in data):
        return xml_to_text(data)  # NITF or XHTML inside
    raw = "".join(data.itertext())
    fmt = _formal(child(content_item, "Format")).lower()
    return html_to_text(raw) if "html" in fmt or looks_like_markup(raw) else plain_paragraphs(raw)


def _nml1_guid(news_item: ET.Element, ident: ET.Element | None) -> str | None:
    """The item's identity across its revisions: ``urn:newsml:ProviderId:DateId:NewsItemId``.

    The PublicIdentifier adds the revision (``...:TX-PAR-WGF71:1``), so every
    revision would be a new story; some agencies send it incomplete (Belga:
    ``urn:newsml:www.belga.be`` on every item). Without a NewsItemId: the
    PublicIdentifier less its revision part, else the provider, DateId and the
    first NewsComponent's Duid (TASS), else none (the text identifies the item).
    A NewsItemId that ends in its own revision (ANP: ``...-041-v2``) loses it.
    """
    provider, date_id, item_id = (text_of(child(ident, n)) for n in ("ProviderId", "DateId", "NewsItemId"))
    revision = text_of(child(ident, "RevisionId"))
    if item_id and revision and re.search(rf"[-_.]v{re.escape(revision)}$", item_id, re.IGNORECASE):
        item_id = item_id[: -(len(revision) + 2)]  # ANP: NewsItemId "ANPX-101218-041-v2" for revision 2
    if item_id:
        return "urn:newsml:" + ":".join(t for t in (provider, date_id, item_id) if t)
    public = text_of(child(ident, "PublicIdentifier"))
    parts = public.split(":")
    if len(parts) >= 6 and public.lower().startswith("urn:newsml:"):
        return ":".join(parts[:5])  # urn:newsml:provider:date:item[:revision...]
    component = child(news_item, "NewsComponent")
    duid = (component.get("Duid") or "").strip() if component is not None else ""
    if duid:
        return ":".join(t for t in (provider, date_id, duid) if t)
    return None


#: NewsML 1.x ContentItem kinds (_nml1_kind) that are media, not text.
_MEDIA_KINDS = ("photo", "picture", "image", "graphic", "graphics", "video", "audio")


def _nml1_captions(news_item: ET.Element) -> list[ET.Element]:
    """The ContentItems of NewsComponents whose Role is Caption (a picture's text, not a story)."""
    return [
        item
        for comp in _all(news_item, "NewsComponent")
        if _formal(child(comp, "Role")).lower() == "caption"
        for item in children(comp, "ContentItem")
    ]


#: An optional bracketed flag before a slug: EFE's "(Avance)", "(Urgente)", "(Ampliación)".
_SLUG_FLAG = re.compile(r"^\([^()]{1,20}\)\s*")


def is_slug_line(line: str) -> bool:
    """A line in capitals only, of at most six words (after an optional bracketed flag): a desk's
    topic slug ("YIHADISMO BURKINA"), not a subheadline, which is a sentence."""
    words = _SLUG_FLAG.sub("", line).split()
    letters = [c for c in "".join(words) if c.isalpha()]
    return 0 < len(words) <= 6 and len(letters) >= 2 and all(c.isupper() for c in letters)


def _one_equivalent(news_item: ET.Element) -> ET.Element:
    """The NewsItem with each ``EquivalentsList="yes"`` NewsComponent cut to its first NewsComponent.

    Equivalents are the same story in other languages or forms (Business Wire's and Reuters' English
    and French versions, ``BasisForChoice`` ``@xml:lang``): read together, the headline came from one
    and the (longest) body from another. The provider's first equivalent is the item (formats round 10).
    """
    # (The tree is this parse's own: the other equivalents are cut from it, not copied around it.)
    for comp in _all(news_item, "NewsComponent"):
        if (comp.get("EquivalentsList") or "").strip().lower() == "yes":
            for other in children(comp, "NewsComponent")[1:]:
                comp.remove(other)
    return news_item


def _nml1_item(news_item: ET.Element, *, source: str, received: datetime, raw: bytes) -> WireItem | None:
    """One NewsML 1.x NewsItem -> WireItem; None for a picture / video / graphic item."""
    news_item = _one_equivalent(news_item)
    ident = child(child(news_item, "Identification"), "NewsIdentifier")
    guid = _nml1_guid(news_item, ident)
    revision = text_of(child(ident, "RevisionId"))
    mgmt = child(news_item, "NewsManagement")
    published = None
    for name in ("ThisRevisionCreated", "FirstCreated"):
        published = parse_compact_datetime(text_of(child(mgmt, name)))
        if published is not None:
            break
    status = PUBSTATUS.get(_formal(child(mgmt, "Status")).lower(), "usable")

    contents = _all(news_item, "ContentItem")
    texts = [c for c in contents if _nml1_kind(c) == "text"]
    if contents and not texts and any(_nml1_kind(c) != "data" for c in contents):
        return None  # only pictures, video, graphics
    if not contents and _first(news_item, "NewsItemRef") is not None:
        # A package (Reuters' "super linked list"): NewsComponents that only reference other
        # NewsItems by NewsItemRef, their headlines a table of contents; no story of its own.
        return None
    captions = _nml1_captions(news_item)
    if any(_nml1_kind(c) in _MEDIA_KINDS for c in contents) and all(c in captions for c in texts):
        return None  # a picture (video, graphic) with its caption: AFP's photo items
    # Several text parts (Business Wire: a subtitle, the release, a contact block): the longest is the
    # story; a picture's caption only when there is nothing else.
    body = max((_nml1_text(c) for c in ([c for c in texts if c not in captions] or texts)), key=len, default="")
    body = drop_signoff(body)
    # Belga's audio bulletins spell it <Headline> (the DTD's element is HeadLine).
    headline = next((text_of(h) for h in (*_all(news_item, "HeadLine"), *_all(news_item, "Headline")) if text_of(h)), "")
    item_type = _formal(child(mgmt, "NewsItemType")).lower()
    if not headline and item_type in ("alert", "flash") and body and len(first := body.split("\n\n", 1)[0]) <= MAX_OPENING_HEADLINE:
        # AFP's alerts (NewsItemType Alert) have an empty HeadLine: their one line is in the body.
        headline = first
    sub = next((text_of(h) for h in _all(news_item, "SubHeadLine") if text_of(h)), None)
    if body and sub and body.startswith(sub):
        sub = None  # ANA-MPE repeats the lead as SubHeadLine
    if sub and is_slug_line(sub):
        sub = None  # EFE's SubHeadLine is the story's topic slug: "YIHADISMO BURKINA", "(Avance) TAIWÁN ELECCIONES"
    dateline = next((text_of(d) for d in _all(news_item, "DateLine") if text_of(d)), "")
    located = None
    for loc in _all(news_item, "Location"):
        city = next((p.get("Value") for p in children(loc, "Property") if _formal(p).lower() == "city"), None)
        if city and city.strip():
            located = city.strip()
            break
    if not located and re.search(r"[^\W\d]", dateline):  # "4/4/2018" is a date, not a place
        located = dateline_place(dateline)
    lang = next((_formal(lang) for lang in _all(news_item, "Language") if _formal(lang)), "") or news_item.get(_XML_LANG) or next(
        (c.get(_XML_LANG) for c in _all(news_item, "NewsComponent") if c.get(_XML_LANG)), None)  # an equivalent's xml:lang
    if not headline and not body:
        raise ParseError("invalid_item", f"NewsML 1.x NewsItem {guid!r} has neither HeadLine nor text content")
    return make_item(
        source=source,
        guid=guid or None,
        fmt=FORMAT,
        headline=headline,
        subheadline=sub,
        body=drop_repeated_headline(body, headline, sub),
        published=published,
        received=received,
        raw=raw,
        version=int(revision) if revision.isdigit() else 1,
        language=lang or None,
        located=located,
        pubstatus=status,
    )


def parse_newsml1(root: ET.Element, *, source: str, received: datetime, raw: bytes) -> list[WireItem]:
    """A NewsML 1.x document: every text NewsItem (pictures, video, graphics skipped)."""
    news_items = children(root, "NewsItem") if local_name(root.tag) == "NewsML" else [root]
    # As in a NewsML-G2 newsMessage: a NewsItem that cannot be read (a data item with no headline,
    # a bad revision) is skipped so that it does not cost the document's other items; when none
    # can be read and one failed, the first failure is the document's.
    items: list[WireItem] = []
    errors: list[ParseError] = []
    for news_item in news_items:
        try:
            item = _nml1_item(news_item, source=source, received=received, raw=raw)
        except ParseError as exc:
            errors.append(exc)
            log.debug("NewsML 1.x from %s: skipped a NewsItem: %s", source, exc)
            continue
        if item is not None:
            items.append(item)
    if not items and errors:
        raise errors[0]
    if not items:
        what = ("no NewsItem" if not news_items
                else "no text NewsItem (only pictures/video/graphics, or packages of references to other NewsItems)")
        raise ParseError("empty", f"NewsML 1.x document holds {what}")
    return items


@guarded
def parse(payload: bytes, *, source: str, received: datetime) -> list[WireItem]:
    """Parse a NewsML-G2 newsItem or newsMessage into wire items (text items only).

    In a newsMessage, an item that cannot be read (no text, a bad date...) is
    skipped so that it does not cost the message's other items; when none can be
    read, the first item's error is the document's.
    """
    root = load_xml(payload)
    if local_name(root.tag) == "NewsML":
        return parse_newsml1(root, source=source, received=received, raw=payload)
    doc_lang = root.get(_XML_LANG)
    news_items = list(iter_news_items(root))
    text_items = [i for i in news_items if _is_text_item(i)]
    if not text_items:
        if news_items:
            what = "no text newsItem (only pictures/video/graphics)"
        else:
            others = sorted({local_name(c.tag) for s in children(root, "itemSet") for c in s if local_name(c.tag)})
            what = f"no newsItem (only {', '.join(others)})" if others else "no newsItem"
        raise ParseError("empty", f"NewsML-G2 document holds {what}")
    if local_name(root.tag) == "newsItem":
        return [_item(root, source=source, received=received, raw=payload, doc_lang=doc_lang)]
    items: list[WireItem] = []
    errors: list[ParseError] = []
    for news_item in text_items:
        try:
            items.append(_item(news_item, source=source, received=received, raw=payload, doc_lang=doc_lang))
        except ParseError as exc:
            errors.append(exc)
            log.debug("newsMessage from %s: skipped newsItem %r: %s", source, news_item.get("guid"), exc)
    if not items:
        raise errors[0]
    return items


def looks_like(head: bytes) -> bool:
    """Sniffer: the first element is a NewsML-G2 item or newsMessage, or a NewsML 1.x document."""
    return root_name(head) in ROOTS


_PROLOG = re.compile(
    rb"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*<([A-Za-z_][\w.:-]*)", re.DOTALL
)


def root_name(head: bytes) -> str:
    """Local name of the first element in the first bytes of a document ('' if none).

    UTF-16 and UTF-32 documents (by their byte order mark or their first bytes) are
    decoded first, so a feed or newsItem in UTF-16 is recognised too.
    """
    wide = _wide_codec(head)
    if wide is not None:
        codec, bom = wide
        head = head[bom:].decode(codec, errors="ignore").encode("utf-8")
    m = _PROLOG.match(drop_leading_text(head).lstrip(b"\xef\xbb\xbf \t\r\n"))
    return local_name(m.group(1).decode("ascii", "replace")) if m else ""


_LEADING_TEXT = re.compile(rb"\A(?:\xef\xbb\xbf)?[^<]{1,2048}?(?=<\?xml[\s?])")


def drop_leading_text(payload: bytes) -> bytes:
    """The document without text (no markup) written before its XML declaration: a PHP notice
    ("Deprecated: ... on line 12") printed by the feed script ahead of the feed."""
    m = _LEADING_TEXT.match(payload)
    return payload[m.end():] if m and m.group(0).strip(b"\xef\xbb\xbf \t\r\n") else payload
