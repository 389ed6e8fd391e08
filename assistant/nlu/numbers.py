"""Amounts, counts, durations and ratios as people write them in Chinese.

"800万", "八百万元", "1.2亿", "3,000万元", "两千块", "50w", "一千二百万", "十万八千",
"两名博士", "三年", "1年半", "0.2‰". Chinese numerals go through ``cn2an``; Arabic
figures with unit characters are computed here in ``Decimal`` so "1.2亿" stays exact.
Money is returned in 元.

A scan never raises: a negative or absurd amount comes back as a mention whose
``problem`` holds a polite Chinese message. The ``parse_*`` helpers raise
:class:`NumberProblem` for such values instead of returning them silently.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

import cn2an

from calculators.inputs import ABSURD_YUAN

Kind = Literal[
    "money", "number", "count", "duration", "ratio", "year", "ordinal", "date", "measure"
]

# Full-width digits and signs as typed by Chinese IMEs; a one-to-one translation keeps
# every span valid in the caller's original text.
_WIDE = str.maketrans(
    "０１２３４５６７８９．％＋－，ｗＷｋＫ",
    "0123456789.%+-,wWkK",
)

_CN_DIGIT = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖貳參陸"
_CN_UNIT = "十百千万亿拾佰仟萬億"
_UNIT_VALUE = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
    "万": 10_000,
    "萬": 10_000,
    "亿": 100_000_000,
    "億": 100_000_000,
}
_SUFFIX_VALUE = {"w": 10_000, "W": 10_000, "k": 1000, "K": 1000}

# A number starts with a digit (or 十, as in 十万八千) and runs over digits, unit
# characters, a decimal point, "个" in "两个亿" and "多/余" in "300多万". A comma groups
# thousands only after a digit ("3,000万"); "300万，800万" is two figures.
_TOKEN = re.compile(
    rf"(?P<sign>(?<![\d{_CN_DIGIT}{_CN_UNIT}])[-−]|负)?"
    rf"(?P<core>(?:\d|[{_CN_DIGIT}十拾])"
    rf"(?:[\d{_CN_DIGIT}{_CN_UNIT}]|(?<=\d),(?=\d{{3}}(?!\d))|[.点](?=[\d{_CN_DIGIT}])"
    rf"|个(?=[多余来半]?[万亿萬億])|(?<=个)半(?=[万亿萬億])|(?:[多余来]|出头)(?=[{_CN_UNIT}]))*)"
    r"(?P<suffix>[wWkK](?![A-Za-z]))?"
)
# 块 is money only where no noun follows ("两千块", "八千块左右"; not "两块牌子", "一块省级").
_MONEY_AFTER = re.compile(
    r"\s*(?:万元|亿元|元|块钱|块(?=$|[\s，,。.？?！!、；;：:）)\]多左上整的吧呢啊了])|圆|人民币"
    r"|(?i:rmb|cny|yuan)(?![A-Za-z]))"
)
# "收入分三块：…": 块 after a word of dividing counts parts, it is no money; so is 块 after a
# demonstrative ("我们只管我们这一块").
_PARTS_BEFORE = re.compile(r"(分|分成|分为|拆成|切成|包括|包含|有|这|那|哪|每)\s*$")
# "3 million RMB", "1.2 billion": English magnitude words after an Arabic figure.
# A bare "m" right after the figure ("RMB 4m and 9m") is a million too.
_EN_MAGNITUDE = re.compile(
    r"\s*(?P<word>million|mln|mn|billion|bn|thousand|m(?=\s*(?:rmb|cny|yuan)))(?![A-Za-z])"
    r"|(?P<bare>m)(?![A-Za-z0-9²³/])",
    re.I,
)
_EN_VALUE = {"m": 10**6, "million": 10**6, "mln": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9}
# A currency written before the figure: "RMB 8,000,000", "人民币贰佰万元", "CNY 600万".
_MONEY_BEFORE = re.compile(r"(?:[¥￥]|(?i:rmb|cny)|人民币)\s*$")
# A unit of size after a figure ("一万二千平米", "5万吨", "3GWh"): no money, whatever its 万.
_MEASURE_AFTER = re.compile(
    r"\s*(平米|平方米|平方|㎡|亩|公顷|吨|公斤|千克|公里|千瓦|兆瓦|度电|(?i:gwh|mwh|kwh|sqm|m2|tons?)(?![A-Za-z]))"
)
# "十多个", "一百来个": 多/来/余 between a round number and its measure word mean "about".
COUNT_AFTER = re.compile(r"\s*[多来余]?(?:名|个|位|人|家|项|件|次|份|篇|只|号人)")
# A bare "3月" is a calendar month, not a duration; "3个月" is.
_DURATION_AFTER = re.compile(
    r"\s*[多来余]?(?:年|个月|天|周|个星期)(?P<half>半)?"
    r"|[\s-]*(?P<en>(?i:years?|yrs?|months?))(?![A-Za-z])"  # "5-year contract", "6 months"
)
# "one PhD", "two contracts", "a three-year contract": English number words.
_EN_WORD = re.compile(
    r"(?i)(?<![A-Za-z])(?P<w>one|two|three|four|five|six|seven|eight|nine|ten)(?![A-Za-z])"
)
_EN_WORD_VALUE = {
    w: i
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], 1
    )
}
_EN_WORD_AFTER = re.compile(
    r"(?i)(?P<duration>[\s-]*(?P<unit>years?|yrs?|months?)(?![A-Za-z]))"
    r"|(?P<skip>\s+(of|another|by|million|billion|thousand|hundred|mn|bn)(?![A-Za-z]))"
    r"|(?P<count>\s+[A-Za-z])"
)
# A small Arabic figure before an English word (not a magnitude, a unit or a month) counts
# what the word names.
_EN_NOUN_AFTER = re.compile(
    r"\s+(?!(?i:million|mln|mn|billion|bn|thousand|k|w|yuan|rmb|cny|percent|per|years?|yrs?"
    r"|months?|days?|weeks?|am|pm|of|to|and|or|in|on|at|by)\b)[A-Za-z]"
)
_RATIO_AFTER = re.compile(r"\s*(?P<sym>[%‰])")
# "按五个点算", "两个百分点": percentage points (not "两个点想问", "三个点钟").
_POINTS_AFTER = re.compile(r"\s*个(百分)?点(?![钟半想要问])")
# "占六成", "按三成算": tenths said as 成 after a word that states a share (not "八成能拿到",
# "probably", nor 完成/成立).
# "两成", "两成半", "两成五" (2.5 tenths).
_TENTHS_AFTER = re.compile(
    r"成(?:(?P<half>半)|(?P<more>[一二三四五六七八九])(?=$|[\s，,。.？?！!、；;：:）)]|算|的|左右|吧|呢|计|来|多))?"
    r"(?![立功本员果交绩熟品为就])"
)
_TENTHS_BEFORE = re.compile(r"(占|占了|占比|是|有|按|约|大概|差不多|将近|近|超过|不到)\s*$")
_DATE_AFTER = re.compile(r"\s*(?:月|日|号|点|时|分|秒|楼|层|室|路|街)")
_ORDINAL_AFTER = re.compile(r"\s*(?:条|款|章|节)")
# "三四百万": two neighbouring digits before a unit give a range, not a figure; so do they
# after a figure's leading part ("一千五六百万" = 1500万–1600万, "十五六万") and before an
# "about" word ("三四百来万").
# Two digits read one by one after 百分之/千分之 ("千分之二五"): a rate said aloud, 2.5‰.
_SPOKEN_DECIMAL = re.compile(r"[一二三四五六七八九][零〇一二三四五六七八九]")
_VAGUE = re.compile(
    rf"(?P<head>[{_CN_DIGIT}{_CN_UNIT}]*[{_CN_UNIT}])?(?P<pair>[一二两三四五六七八九]{{2}})"
    rf"(?P<tail>[多余来]?[{_CN_UNIT}]+(?:[多余来][{_CN_UNIT}]+)?)"
)
# "300到400万", "三百至四百万", "3 to 4 million": a figure, a joiner and a figure with a unit
# are one range in the second figure's unit.
_RANGE_JOINER = re.compile(r"\s*(?:到|至|-|–|—|~|～|(?i:to))\s*")
_UNIT_TAIL = re.compile(r"[万亿萬億]+$")
# "两三个博士", "三四年": the same range with a measure word instead of a unit.
_VAGUE_PAIR = re.compile(r"[一二两三四五六七八九]{2}")
# 俩 and 仨 carry their own measure word: "俩硕士" = 两个硕士.
_FUSED_COUNT = re.compile(r"[俩仨]")
_FUSED_VALUE = {"俩": 2, "仨": 3}
# A lone "半年" / "半个月" is half a year or month; 上半年、下半年 are calendar halves.
_HALF = re.compile(r"(?<![上下前后一两二三四五六七八九十\d年])半(?P<unit>年|个月)(?!度)")
# "了个博士" = 一个博士: a measure word with no numeral after a verb is one.
_IMPLIED_ONE = re.compile(r"(?<=了)个(?=[\u4e00-\u9fff])")
# "18年验收的", "24年底": a two-digit year when a date word follows, not a duration.
_SHORT_YEAR_AFTER = re.compile(
    r"年(?:底|初|末|中|上半年|下半年|\d{1,2}月|[一二三四五六七八九十]{1,2}月|的时候|那会|那年"
    r"|验收|结题|结项|认定|登记|备案|签|获批|批|成立|设立|建|评|通过)"
)
# "一份300万一份500万", "一个三百万两个五百万": a numeral after 万/亿 (or after the tail of
# "六万八") that is followed by a measure word starts the next quantity; it is not the tail of
# this one ("一万五" is): "一份六万八一份两万", "一期三百万二期两百万"; so does one right after
# Arabic digits ("一次6000一次8000").
_NEXT_QUANTITY = re.compile(
    rf"(?:(?<=[万亿萬億])|(?<=[万亿萬億][{_CN_DIGIT}])|(?<=\d))[{_CN_DIGIT}]"
    r"(?=\s*(?:份|个|项|家|笔|件|张|次|批|单|名|位|人|年|月|期))"
)
_EN_YEAR_BEFORE = re.compile(
    r"(?i)\b(in|since|from|by|of|until|till|before|after|around|about|circa|year|january|february|march|april|may|june|july"
    r"|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct"
    r"|nov|dec)\.?\s*$"
)
_LABEL_NUMERAL = re.compile(rf"[{_CN_DIGIT}十]+(?=\d)")
# "二〇二四年" is a year written in Chinese digits, not a duration.
_CN_YEAR = re.compile(r"[一二〇零][〇零一二三四五六七八九]{3}")


class NumberProblem(ValueError):
    """A value that was read but cannot be used; ``str()`` is a polite Chinese message."""


@dataclass(frozen=True)
class NumberMention:
    """One number in a text: its value, what kind of quantity it is, and where it stands."""

    value: Decimal  # 元 for money, a fraction for ratios (0.2‰ → 0.0002), years for durations
    kind: Kind
    start: int
    end: int
    raw: str  # the text as written, e.g. "八百万元"
    before: str  # the words in the same clause just before the number
    after: str  # the words in the same clause just after it
    approx: bool = False  # "300多万", "大概两百万"
    problem: str | None = None
    # "六七千万", "三四百万": a range said with two neighbouring digits; ``value`` is its low
    # end and ``high`` its high end (answers give both ends, never a made-up middle).
    high: Decimal | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


AmountMention = NumberMention

_CLAUSE_BREAK = re.compile(r"[，。；！？;!?\n]|(?<!\d),|,(?!\d{3})")
_NEARLY_BEFORE = ("快", "快到", "快要", "快有", "近", "小")
_APPROX_BEFORE = ("大概", "大约", "约", "差不多", "左右", "将近", "接近", "估计", "大致")


# "上千万", "上百万": at least that much; read as 一千万 and marked approximate (a floor).
# "一对博士夫妻", "一对双胞胎硕士": a pair of people is two.
_PAIR = re.compile(r"一对(?=[^，。,；;]{0,4}(博士|硕士|研究生|夫妻|夫妇|双胞胎))")
_OVER = re.compile(
    r"(?<![\d零〇一二两三四五六七八九十百千万亿])上(?=[百千万亿])(?!千万[别不要记得一定务必])"
)


def normalize(text: str) -> str:
    """Full-width digits and signs to ASCII; the length never changes."""
    return text.translate(_WIDE)


def _prod(chars: str) -> int:
    out = 1
    for c in chars:
        out *= _UNIT_VALUE[c]
    return out


def _clean(value: Decimal) -> Decimal:
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


@functools.lru_cache(maxsize=1024)  # a pure function of the words; cn2an is slow
def numeral_value(core: str) -> Decimal | None:
    """The value of a numeral such as "1.2亿", "5百万", "一千二百万", "十万八千"; None if unreadable."""
    core = re.sub(r"个半(?=[万亿萬億])", "点五", core)  # "一个半亿" is 1.5亿
    core = core.replace(",", "").replace("个", "")
    core = re.sub(rf"(?:[多余来]|出头)(?=[{_CN_UNIT}])", "", core)  # "两百出头万"
    if not core:
        return None
    try:
        if m := re.fullmatch(rf"(\d+(?:\.\d+)?)([{_CN_UNIT}]*)", core):
            return _clean(Decimal(m[1]) * _prod(m[2]))
        # "一亿二", "1亿2": a digit after 亿 is tenths of it, as "一万五" is 15000.
        if m := re.fullmatch(rf"(.+[亿億])([\d{_CN_DIGIT}])", core):
            head, tail = numeral_value(m[1]), numeral_value(m[2])
            return None if head is None or tail is None else _clean(head + tail * 10**7)
        if m := re.fullmatch(r"(.+?[点.].+?)([万亿萬億]+)", core):
            head = numeral_value(m[1])
            return None if head is None else _clean(head * _prod(m[2]))
        value = cn2an.cn2an(core.replace(".", "点"), "smart")
    except (ValueError, KeyError, IndexError, InvalidOperation, TypeError):
        return None
    return _clean(Decimal(str(value)))


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    return clause_bounds(_CLAUSE_BREAK, text, start, end)


@functools.lru_cache(maxsize=16)
def _break_positions(rx: re.Pattern[str], text: str) -> list[int]:
    """Where ``rx`` (single-character breaks) matches in ``text``: found once per text, so
    asking for the bounds of every number in a long message stays linear, not quadratic."""
    return [m.start() for m in rx.finditer(text)]


def clause_bounds(rx: re.Pattern[str], text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: from just after the last break before ``start``
    to the first break at or after ``end``.

    Seen from the left, the text ends at ``start``, so a "," fewer than four characters
    before it cannot be followed by the three digits of a thousands group: it is a break.
    """
    breaks = _break_positions(rx, text)
    i = bisect.bisect_right(breaks, start - 1)
    left = breaks[i - 1] + 1 if i else 0
    near = text.rfind(",", max(left, start - 3), start)
    if near >= 0:
        left = near + 1
    j = bisect.bisect_left(breaks, end)
    return left, (breaks[j] if j < len(breaks) else len(text))


def _problem(raw: str, value: Decimal, kind: Kind) -> str | None:
    raw = raw if len(raw) <= 24 else raw[:20] + "…"
    if value < 0:
        what = "金额" if kind == "money" else "数字"
        return f"{what}「{raw}」不能为负数，请重新说一下。"
    if kind in ("money", "number") and value > ABSURD_YUAN:
        return f"金额「{raw}」超过了1万亿元，不太可能，请核对后再说一下。"
    return None


def find_numbers(text: str, context: int = 16) -> list[NumberMention]:
    """Every number in ``text`` with its kind; words that merely contain a numeral
    (一定、统一、万一、千万别) are not numbers."""
    norm = _OVER.sub("一", normalize(text))  # "上千万" is read as 一千万, a floor
    norm = _PAIR.sub("两名", norm)  # "一对博士夫妻" are two (same length, offsets kept)
    out: list[NumberMention] = []
    pos = 0
    while m := _TOKEN.search(norm, pos):
        pos = m.end()
        core, sign, suffix = m["core"], m["sign"], m["suffix"]
        start, end = m.start(), m.end()
        cut = None if suffix else _NEXT_QUANTITY.search(norm, m.start("core"))
        if cut and m.start("core") < cut.start() < m.end():
            # Stop before the next quantity's numeral and read it on the next pass.
            core, end = norm[m.start("core") : cut.start()], cut.start()
            pos = end
        if (label := _LABEL_NUMERAL.match(core)) and not sign:
            # "课题二700万", "二期300万": a Chinese numeral before Arabic digits labels the
            # item; the figure is the Arabic one.
            start += label.end()
            core = core[label.end() :]
        rest = norm[end:]
        chinese_only = not re.search(r"\d", core)
        prefix = norm[max(0, start - 3) : start]
        counted = COUNT_AFTER.match(rest) or _DURATION_AFTER.match(rest)
        # "三四百万" is a range of money; "五六十号人", "三四十个人" a rough count (below).
        if _VAGUE.fullmatch(core) and not counted and (ends := _range_ends(core)) is not None:
            low, high = ends
            end_r = end
            if mm := _MONEY_AFTER.match(rest):
                unit = mm.group().strip()
                scale = 10_000 if unit == "万元" else 100_000_000 if unit == "亿元" else 1
                low, high = low * scale, high * scale
                end_r += mm.end()
            left, right = _clause_bounds(norm, start, end_r)
            out.append(
                NumberMention(
                    low,
                    "money",
                    start,
                    end_r,
                    text[start:end_r],
                    norm[max(left, start - context) : start],
                    norm[end_r : min(right, end_r + context)],
                    approx=True,
                    high=high,
                )
            )
            continue
        if _VAGUE.fullmatch(core) or (
            _VAGUE_PAIR.fullmatch(core)
            and (COUNT_AFTER.match(rest) or _DURATION_AFTER.match(rest) or _MONEY_AFTER.match(rest))
        ):
            raw = text[start:end]
            out.append(
                NumberMention(
                    Decimal(0),
                    "money",
                    start,
                    end,
                    raw,
                    "",
                    "",
                    approx=True,
                    problem=f"「{raw}」是个大概范围，请给一个具体的数字。",
                )
            )
            continue
        # A lone numeral inside a word (一定、三大、统一) is no number, unless a unit
        # follows or it is the whole reply ("三").
        if (
            chinese_only
            and len(core) == 1
            and norm.strip() != core
            and not (
                prefix.endswith(("百分之", "千分之"))
                or (_TENTHS_AFTER.match(rest) and _TENTHS_BEFORE.search(prefix))
                or _MONEY_AFTER.match(rest)
                or COUNT_AFTER.match(rest)
                or _DURATION_AFTER.match(rest)
            )
        ):
            continue
        if norm[start - 1 : start] == "几" or rest[:1] == "几":
            continue  # 几十万、十几万: no figure to compute with
        if norm[start - 1 : start] == "哪" and chinese_only:
            continue  # "执行到哪一年", "哪一条": a question, no figure
        value = numeral_value(core)
        if value is None:
            continue
        if suffix:
            value = _clean(value * _SUFFIX_VALUE[suffix])
        kind: Kind = "number"
        if prefix.endswith("第") or (
            prefix.endswith(("（", "(")) and rest[:1] in "）)" and chinese_only
        ):
            kind = "ordinal"
        elif prefix.endswith("百分之") or prefix.endswith("千分之"):
            kind = "ratio"
            if _SPOKEN_DECIMAL.fullmatch(core):
                value = value / 10  # "千分之二五" is 2.5‰ as said aloud; 25 would be 二十五
            value = value / (100 if prefix.endswith("百分之") else 1000)
        elif (en := _EN_MAGNITUDE.match(rest)) and not chinese_only:
            kind = "money"
            value *= _EN_VALUE.get((en["word"] or en["bare"]).lower(), 1000)
            end += en.end()
            if mm := _MONEY_AFTER.match(norm[end:]):
                end += mm.end()
        elif r := _RATIO_AFTER.match(rest):
            kind = "ratio"
            value = value / (100 if r["sym"] == "%" else 1000)
            end += r.end()
        elif (p := _POINTS_AFTER.match(rest)) and 0 < value <= 100:
            kind = "ratio"
            value = value / 100
            end += p.end()
        elif (r := _TENTHS_AFTER.match(rest)) and 0 < value < 10 and _TENTHS_BEFORE.search(prefix):
            kind = "ratio"
            more = Decimal("0.5") if r["half"] else Decimal(0)
            if r["more"]:
                more = Decimal("一二三四五六七八九".index(r["more"]) + 1) / 10
            value = (value + more) / 10
            end += r.end()
        elif (
            (mm := _MONEY_AFTER.match(rest))
            and mm.group().strip() == "块"
            and (_PARTS_BEFORE.search(prefix) or value < 10)
        ):
            # "收入分三块": three parts; "想问两块：", "三块的合同交易额": a few 块 are parts,
            # never a sum of money anyone asks about ("两块钱" keeps its 钱).
            kind = "count"
            end += mm.end()
        elif value >= 100 and rest.lstrip().startswith("块"):
            kind = "money"  # "自己花九千块参加了培训": hundreds of 块 are money before any word
            end += rest.index("块") + 1
        elif mm := _MONEY_AFTER.match(rest):
            kind = "money"
            if mm.group().strip() in ("万元",):
                value *= 10_000
            elif mm.group().strip() == "亿元":
                value *= 100_000_000
            end += mm.end()
        elif re.fullmatch(r"(19|20)\d\d", core) and _EN_YEAR_BEFORE.search(
            norm[max(0, start - 12) : start]
        ):
            kind = "year"  # "in April 2026", "since 2025"
        elif (re.fullmatch(r"(19|20)\d\d", core) or _CN_YEAR.fullmatch(core)) and rest[:1] == "年":
            kind = "year"
            end += 1
        elif re.fullmatch(r"[12]\d", core) and _SHORT_YEAR_AFTER.match(rest):
            kind = "year"
            value += 2000
            end += 1
        elif d := _DURATION_AFTER.match(rest):
            kind = "duration"
            unit = d.group().strip().rstrip("半").lstrip("多来余")
            if d["half"]:
                value += Decimal("0.5")
            if unit == "个月" or (d["en"] or "").lower().startswith("month"):
                value = value / 12
            elif unit == "天":
                value = value / 365
            elif unit in ("周", "个星期"):
                value = value / 52
            end += d.end()
        elif COUNT_AFTER.match(rest) and not re.search(r"[万亿萬億.点]", core):
            kind = "count"
            end += COUNT_AFTER.match(rest).end()
        elif _ORDINAL_AFTER.match(rest) and chinese_only:
            kind = "ordinal"
        elif (
            re.fullmatch(r"[1-9]\d?", core)
            and not suffix
            and _EN_NOUN_AFTER.match(rest)
            and not _MONEY_BEFORE.search(norm[max(0, start - 5) : start])
        ):
            kind = "count"  # "We run 2 provincial-level 众创空间", "3 contracts": how many
        elif _MEASURE_AFTER.match(rest):
            kind = "measure"  # "面积一万二千平米", "产能5万吨": a size, never money
        elif _DATE_AFTER.match(rest):
            kind = "date"
        elif (
            suffix
            or re.search(r"[万亿萬億]", core)
            or _MONEY_BEFORE.search(norm[max(0, start - 5) : start])
        ):
            kind = "money"
        if sign:
            value = -value
        left, right = _clause_bounds(norm, start, end)
        # English words are long: the same number of words before the figure ("our total
        # assets are about 4 billion") takes about three times the characters.
        reach = context * 3 if norm[max(left, start - context) : start].isascii() else context
        before = norm[max(left, start - reach) : start]
        after = norm[end : min(right, end + context)]
        approx = (
            any(c in core for c in "多余来")
            or "出头" in core  # "两百出头万"
            or norm[pos : pos + 1] in ("多", "来", "余")
            or text[start : start + 1] == "上"  # "上千万"
            or norm.startswith("出头", end)  # "一千万出头"
            or any(w in before[-6:] for w in _APPROX_BEFORE)
            or before.endswith(_NEARLY_BEFORE)  # "都快五百万了", "近500万"
        )
        raw = text[start:end]
        out.append(
            NumberMention(
                value=_clean(value) if kind != "ratio" else value,
                kind=kind,
                start=start,
                end=end,
                raw=raw,
                before=before,
                after=after,
                approx=approx,
                problem=_problem(raw, value, kind),
            )
        )
    out += _fused_numbers(text, norm, out, context)
    joined = _joined_ranges(norm, sorted(out, key=lambda n: n.start))
    # "比例是0.3", "0.02": a bare fraction (not the low end of a range, "0.8～1.2亿") is a
    # rate, never an amount in 元.
    return [
        replace(n, kind="ratio") if n.kind == "number" and 0 < n.value < 1 else n for n in joined
    ]


def _range_ends(core: str) -> tuple[Decimal, Decimal] | None:
    """ "六七千万" → (6000万, 7000万), "一千五六百万" → (1500万, 1600万); None when the two
    digits do not rise by one."""
    m = _VAGUE.fullmatch(core)
    if m is None:
        return None
    head, pair = m["head"] or "", m["pair"]
    tail = re.sub("[多余来]", "", m["tail"])
    low, high = numeral_value(head + pair[0] + tail), numeral_value(head + pair[1] + tail)
    if low is None or high is None or high <= low:
        return None
    if numeral_value(pair[1]) - numeral_value(pair[0]) != 1:  # type: ignore[operator]
        return None
    return low, high


def _joined_ranges(norm: str, found: list[NumberMention]) -> list[NumberMention]:
    """ "300到400万", "3 to 4 million yuan": a bare figure joined to a money figure is the
    low end of one range in the money figure's unit; "一千万到一千二百万": two money figures
    so joined are one range too."""
    out: list[NumberMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if (
            b is not None
            and a.kind in ("number", "money")
            and b.kind == "money"
            and b.high is None
            and _RANGE_JOINER.fullmatch(norm[a.end : b.start])
        ):
            base = numeral_value(_lead(b.raw))
            if base and a.value > 0:
                scale = b.value / base if a.kind == "number" else Decimal(1)
                low = _clean(a.value * scale)
                if low < b.value:
                    out.append(
                        NumberMention(
                            low,
                            "money",
                            a.start,
                            b.end,
                            a.raw + norm[a.end : b.start] + b.raw,
                            a.before,
                            b.after,
                            approx=True,
                            high=b.value,
                        )
                    )
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _lead(raw: str) -> str:
    """The numeral of a money figure without its unit: "四百万" → "四百", "4 million" → "4"."""
    core = re.match(rf"[\d.,{_CN_DIGIT}{_CN_UNIT}]+", normalize(raw))
    text = core.group().replace(",", "") if core else ""
    return _UNIT_TAIL.sub("", text)


def _fused_numbers(
    text: str, norm: str, found: list[NumberMention], context: int
) -> list[NumberMention]:
    """俩/仨 (a count), a lone 半年/半个月 (a duration) and English number words ("one PhD",
    "three-year"), which carry no digit."""
    taken = [(n.start, n.end) for n in found]
    extra: list[NumberMention] = []
    hits = [(m, "count", Decimal(_FUSED_VALUE[m.group()])) for m in _FUSED_COUNT.finditer(norm)]
    hits += [(m, "count", Decimal(1)) for m in _IMPLIED_ONE.finditer(norm)]
    hits += [
        (m, "duration", Decimal("0.5") if m["unit"] == "年" else Decimal(1) / 24)
        for m in _HALF.finditer(norm)
    ]
    for m in _EN_WORD.finditer(norm):
        after = _EN_WORD_AFTER.match(norm, m.end())
        if after is None or after["skip"]:
            continue
        n = Decimal(_EN_WORD_VALUE[m["w"].lower()])
        if after["duration"]:
            months = after["unit"].lower().startswith("month")
            hits.append((m, "duration", n / 12 if months else n))
        else:
            hits.append((m, "count", n))
    for m, kind, value in hits:
        if any(a <= m.start() < b for a, b in taken):
            continue
        left, right = _clause_bounds(norm, m.start(), m.end())
        extra.append(
            NumberMention(
                value=_clean(value) if kind == "count" else value,
                kind=kind,  # type: ignore[arg-type]
                start=m.start(),
                end=m.end(),
                raw=text[m.start() : m.end()],
                before=norm[max(left, m.start() - context) : m.start()],
                after=norm[m.end() : min(right, m.end() + context)],
            )
        )
    return extra


def find_amounts(text: str) -> list[AmountMention]:
    """Money mentions in 元: explicit ones (元、块、万、亿、w) and plain figures ("3000")."""
    return [n for n in find_numbers(text) if n.kind in ("money", "number")]


def _first(text: str, kinds: tuple[str, ...]) -> NumberMention | None:
    for n in find_numbers(text):
        if n.kind in kinds:
            if n.problem:
                raise NumberProblem(n.problem)
            return n
    return None


def parse_amount(text: str) -> Decimal | None:
    """The first amount in ``text``, in 元: "1.2亿" → 120000000, "两千块" → 2000.

    Raises :class:`NumberProblem` for a negative or absurd amount."""
    n = _first(text, ("money", "number"))
    return None if n is None else n.value


def parse_count(text: str) -> int | None:
    """The first head count: "两名博士" → 2; a bare "三" → 3."""
    n = _first(text, ("count", "number"))
    if n is None or n.value != n.value.to_integral_value():
        return None
    return int(n.value)


def parse_duration(text: str) -> Decimal | None:
    """A duration in years: "三年" → 3, "1年半" → 1.5, "18个月" → 1.5."""
    n = _first(text, ("duration",))
    return None if n is None else n.value


def parse_ratio(text: str) -> Decimal | None:
    """A rate as a fraction: "0.2‰" → 0.0002, "5%" → 0.05, "百分之二" → 0.02."""
    n = _first(text, ("ratio",))
    return None if n is None else n.value


__all__ = [
    "COUNT_AFTER",
    "AmountMention",
    "NumberMention",
    "NumberProblem",
    "find_amounts",
    "find_numbers",
    "normalize",
    "numeral_value",
    "parse_amount",
    "parse_count",
    "parse_duration",
    "parse_ratio",
]
