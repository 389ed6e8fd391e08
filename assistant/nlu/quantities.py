"""Counts, durations and dates a message says, and how vague they are.

These figures are not money: they say how many people or years, or when something happened. They
are read apart from the money figures so a head count or a year is never taken as an amount.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from assistant.nlu import acts
from assistant.nlu.context import Text, matches
from assistant.nlu.lexicon import Lexicon
from assistant.nlu.numbers import COUNT_AFTER, NumberMention
from calculators.common import JUST_UNDER, MonthOnly, YearOnly
from calculators.registry import RULES
from corpus.parameters import load_parameters

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?:年|[-/.])\s*(?:(?P<m>\d{1,2})\s*(?:月|[-/.])\s*"
    r"(?:(?P<d>\d{1,2})\s*[日号]?)?)?"
)


_CN_YEAR = re.compile(r"(?P<y>[一二〇零][〇零一二三四五六七八九]{3})年")


_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


_YEARS = (1900, 2199)  # a written year outside these is not a date ("〇〇〇〇年")


def vague_figure_read(unit: str, topics: list[str]) -> bool:
    """Whether a vague figure ("七八年", "七八个") is one a measure of the message reads, so it
    must be made exact: "在太原干了七八年了" is background no measure reads."""
    reads = {f for tp in topics if tp in RULES for f in RULES[tp].facts}
    if _VAGUE_DURATION.match(unit):
        return bool(reads & {"contract_years", "years_running"})
    if _VAGUE_COUNT.match(unit):
        return bool(reads & {"phd_count", "master_count"})
    return True


_VISITS_AFTER = re.compile(r"[^，。,；;\d]{0,6}?(几|一|两|三|四|五|\d+)\s*(天|次|回|趟)")


_VAGUE_DURATION = re.compile(r"\s*[多来余]?(年|个月|月|天|周)")


_VAGUE_COUNT = COUNT_AFTER  # the measure words of a count ("七八个", "五六十号人")


def chinese_int(s: str) -> int | None:
    digits = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
    if s == "十":
        return 10
    if len(s) == 1:
        return digits.get(s)
    if s.startswith("十") and len(s) == 2:
        return 10 + digits.get(s[1], 0) if s[1] in digits else None
    if len(s) in (2, 3) and s[1] == "十" and s[0] in digits:
        tail = digits.get(s[2]) if len(s) == 3 else 0
        return None if tail is None else digits[s[0]] * 10 + tail
    return None


def running_since(t: Text, today: date, lex: Lexicon) -> Decimal | None:
    """How long a station set up in a month said ("2024年9月在谷里设的") has run by ``today``,
    in years, rounded down to hundredths (so "满3年" is never met early)."""
    m = re.search(lex.raw["founded_in"], t.s)
    if m is None:
        return _running_since_year(t, today, lex)
    month = (
        (chinese_int(m["m"]) or int(m["m"])) if m["m"] else lex.raw["founded_part_month"][m["part"]]
    )
    if not 1 <= month <= 12:
        return None
    year = int(m["y"]) if m["y"] else today.year + lex.relative_years[m["rel"]]
    # "2023年6月20日设立的": the day counts ("满3年" falls on that day, not the month's first).
    day = (int(m["d"]) if m["d"].isdigit() else chinese_int(m["d"])) if m["d"] else None
    try:
        founded = date(year, month, day or 1)
    except ValueError:
        founded = date(year, month, 1)
    days = (today - founded).days
    if days < 0:
        return None
    return (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.01"), rounding="ROUND_DOWN")


def _running_since_year(t: Text, today: date, lex: Lexicon) -> Decimal | None:
    """How long a station set up in a year said has surely run (counted from that year's
    end), when every running-time condition of the text has one answer over the whole year;
    else None (still open)."""
    m = re.search(lex.raw["founded_year"], t.s)
    if m is None:
        return None
    year = int(m["y"]) if m["y"] else today.year + lex.relative_years[m["rel"]]

    def years_since(d: date) -> Decimal:
        return Decimal((today - d).days) / Decimal("365.25")

    if year > today.year:
        return None
    least, most = years_since(date(year, 12, 31)), years_since(date(year, 1, 1))
    limits = [p.value for k, p in load_parameters().items() if k.endswith("_min_years_running")]
    if any((least >= x) != (most >= x) for x in limits):
        return None
    return max(least, Decimal(0)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")


def read_counts(t: Text, numbers: list[NumberMention], lex: Lexicon) -> dict[str, int]:
    facts: dict[str, int] = {}
    named = _count_nouns(t.s, lex)
    for n in numbers:
        if n.kind not in ("count", "number") or n.problem or n.value != int(n.value):
            continue
        after = t.s[n.end : n.end + 14]
        if _NONE_AFTER.match(after):
            continue  # "硕士一个也没招": none, not one
        before = t.before(n.start, 10)
        window = t.s[max(0, n.start - 10) : n.start]
        both = lex.count_both.search(window)
        if both and both.end() >= len(window) - 1:  # 博士、硕士各一名
            facts.setdefault("phd_count", int(n.value))
            facts.setdefault("master_count", int(n.value))
            continue
        # "两名博士" names what follows; "博士两名" what precedes. The former wins, unless
        # the noun after has its own figure: "博士2人硕士4人".
        name, following = None, ""
        for f, rx in lex.counts:
            if m := re.match(rf"\s*(的|都是|是|都为|为)?(?:{rx.pattern})", after):
                name, following = f, after[m.end() :]
                break
        preceding = next(
            (
                f
                for f, rx in lex.counts
                if re.search(rf"(?:{rx.pattern})\s*(有|是|引进了?|招了?|来了)?\s*$", before)
            ),
            None,
        )
        if n.kind == "count" and (name is None or (preceding and _NUMERAL_START.match(following))):
            name = preceding or name
        # "硕士呢？三个": a count with no noun in its clause, in a message naming one kind.
        # Not "两件事" nor "两个项目": the count stands alone, or its noun is one of people.
        alone = re.match(r"\s*([，,。.？?！!；;、]|$|都|也|呢|吧|了|啊)", after)
        if re.match(r"\s*(都|也)(符合|满足|能|可以|行|算|有资格|适用)", after):
            alone = None  # "如果两个都符合，能不能同时拿": both policies, no head count
        of_people = not re.search(
            r"[次遍回趟件项份家年月天]$", n.raw
        )  # "帮我问过一次" counts no one
        # … but "员工86人" counts the staff its own noun names, not the hires.
        own_noun = _STAFF_BEFORE.search(before)
        if name is None and n.kind == "count" and len(named) == 1 and alone and of_people:
            name = None if own_noun else next(iter(named))
        if name:
            facts.setdefault(name, int(n.value))
    # "博士和两个硕士签的三年": a bare degree listed with a counted one is one person.
    for m in _BARE_BESIDE_COUNTED.finditer(t.s):
        bare = next((f for f, rx in lex.counts if rx.fullmatch(m["bare"])), None)
        if bare and bare not in facts and any(rx.fullmatch(m["counted"]) for _f, rx in lex.counts):
            facts[bare] = 1
    return facts


_NONE_AFTER = re.compile(r"[个名位人]?\s*(也|都)(没|没有|未|不)")


_BARE_BESIDE_COUNTED = re.compile(
    r"(?<![一二两三四五六七八九十\d个名位])(?P<bare>博士|硕士)(和|与|跟|、|及)"
    r"[两二三四五六七八九十\d]+\s*(个|名|位)?(?P<counted>博士|硕士)"
)


_STAFF_BEFORE = re.compile(
    r"(员工|职工|人员|工人|团队|同事|学生|老师|专家|员|全公司|公司)(总数|人数|数量)?"
    r"(有|是|共|一共|总共|大概|约|将近|差不多)?\s*$"
)


def one_each(t: Text, counts: dict[str, int], lex: Lexicon) -> list[str]:
    """ "张博士…今年刚引进", "博士入职合同签了三年": a degree named of one person with no
    number and nothing plural about it, in a sentence that tells of a hiring that happened
    ("引进博士能拿多少" asks in general) and asks no conditions, is one hire, said back. Near a plural word ("都是博士", "我们俩", "几个硕士")
    the number stays open and is asked; "研发部有博士、硕士" is staff, no hire."""
    spec = lex.raw["one_hire"]
    heard = re.compile(lex.raw["items"]["heard_before"])
    said = []
    for name, rx in lex.counts:
        if name in counts:
            continue
        found = [
            m
            for m in matches(rx, t.s)
            if not re.match(spec["not_a_hire_after"], t.s[m.end() :])
            and not re.search(spec["not_a_hire_before"], t.before(m.start(), 8))
            and not re.search(spec["not_hired_before"], t.before(m.start(), 6))
            and not re.match(spec["not_hired_after"], t.s[m.end() : m.end() + 10])
            and not heard.search(t.before(m.start(), 24))
            and re.search(spec["hired"], sentence := t.s[slice(*t.sentence(m.start()))])
            and (re.search(spec["happened"], sentence) or re.search(spec["described"], sentence))
            and not re.search(spec["asks_conditions"], sentence)
        ]
        if not found or any(
            re.search(spec["plural_before"], t.before(m.start(), 8))
            or re.match(spec["plural_after"], t.s[m.end() :])
            for m in found
        ):
            continue
        counts[name] = 1
        said.append(spec["said_back"].format(who=found[0].group()))
    return said


_NUMERAL_START = re.compile(r"\s*(\d|[一二两三四五六七八九十俩仨])")


def _count_nouns(text: str, lex: Lexicon) -> set[str]:
    """Which head-count fields the message names anywhere (博士研究生 is a 博士 only)."""
    spans = [(m.start(), m.end(), f) for f, rx in lex.counts for m in matches(rx, text)]
    return {
        f
        for a, b, f in spans
        if not any(x <= a and b <= y and (y - x) > (b - a) for x, y, _ in spans)
    }


def read_durations(t: Text, numbers: list[NumberMention], lex: Lexicon) -> dict[str, Decimal]:
    facts: dict[str, Decimal] = {}
    said: dict[str, int] = {}  # where each duration read ends
    for n in numbers:
        if n.kind != "duration" or n.problem:
            continue
        # English words are long: "pays RMB 300k per year for three years".
        width = 40 if n.raw.isascii() and t.before(n.start, 6).isascii() else 6
        if re.search(lex.raw["award_duration_before"], t.before(n.start, width)):
            continue  # "每年给一百万、连给三年": how long an award is paid, not a fact
        if re.match(lex.raw["duration_each_after"], t.s[n.end : n.end + 4]):
            continue  # "两年各能拿多少": the years asked of, each
        if re.match(r"\s*(以后|之后|后|往后)", t.s[n.end : n.end + 4]) and acts.asks(
            t.s[slice(*t.sentence(n.start))]
        ):
            continue  # "设立满一年以后每年还有没有": a time asked about, not how long it ran
        if n.value == 1 and re.match(lex.raw["per_year_after"], t.s[n.end : n.end + 6]):
            continue  # "一年最多给多少": the span a cap is counted over
        if _VISITS_AFTER.match(t.s, n.end):
            continue  # "一个月过去住几天", "一年来两次": how often, no fact of a matter
        if re.search(lex.raw["time_from_now_before"], t.before(n.start, 4)):
            continue  # "会不会过两年就停了", "接下来三年": a time from now, no fact of a matter
        name = _nearest_duration_field(t.before(n.start, 10), t.after(n.end, 10), lex)
        if name == "years" and (earlier := _corrected(t, said, n, lex)) is not None:
            name = (
                earlier  # "合同签的两年，刚才我查了下，不是两年，是三年": the same fact, corrected
            )
            facts[name] = n.value
        value = n.value
        if re.search(lex.raw["less_than_before"], t.before(n.start, 4)):
            value -= JUST_UNDER  # "还不到一年": under the figure, so "1年以上" is not met
        if name in facts and _REVISED.search(t.s, said.get(name, 0), n.start):
            facts[name] = value  # "本来要签三年的…，后来他只肯先签两年": what happened wins
        facts.setdefault(name, value)
        said[name] = n.end
    return facts


def _corrected(t: Text, said: dict[str, int], n: NumberMention, lex: Lexicon) -> str | None:
    """The named duration a bare later one corrects ("…两年，不对，是五年", "不是两年，是三年"):
    a correction said between the last named duration and ``n``."""
    named = [(end, name) for name, end in said.items() if name != "years"]
    if not named:
        return None
    end, name = max(named)
    between = t.s[max(0, end - 6) : n.start]  # "不是两年，是三年" starts before the figure
    return name if re.search(lex.raw["duration_corrected_between"], between) else None


# Words by which a later figure replaces an earlier one of the same fact.
_REVISED = re.compile(r"后来|结果|最后|最终|实际上|改成|改为|只肯|只愿意|只同意")


def _nearest_duration_field(before: str, after: str, lex: Lexicon) -> str:
    """The duration field whose word stands nearest the figure ("设站才两年的院士工作站续签了":
    the station's age, not the contract's), the earlier field on a tie; ``years`` if none."""
    best: tuple[int, int, str] | None = None
    context, at = before + "|" + after, len(before)  # "|" stands for the figure ("签|")
    for order, (name, rx) in enumerate(lex.durations):
        gaps = [max(at - m.end(), m.start() - at - 1, 0) for m in rx.finditer(context)]
        if gaps and (best is None or (min(gaps), order) < best[:2]):
            best = (min(gaps), order, name)
    return best[2] if best else "years"


def event_date(
    t: Text, today: date, lex: Lexicon, numbers: list[NumberMention] = ()
) -> date | None:
    found: list[tuple[int, date]] = []
    for n in numbers:  # "18年验收的": a short year numbers.py has already recognised
        if n.kind == "year" and n.value < 2000 + 100 and len(n.raw.strip()) == 3:
            month = re.match(r"\s*(\d{1,2})月", t.s[n.end :])
            m_no = int(month[1]) if month and 1 <= int(month[1]) <= 12 else 1
            if t.s[n.end : n.end + 1] in ("底", "末"):
                m_no = 12
            said_month = month is not None or m_no == 12
            if _YEARS[0] <= n.value <= _YEARS[1]:
                found.append((n.start, _day(int(n.value), m_no, 1, said_month)))
    for m in _DATE.finditer(t.s):
        year = int(m["y"])
        if m["m"] is None and "年" not in m.group():
            continue  # "2024-2026" or a bare "2024" is not a date
        month = int(m["m"]) if m["m"] else 1
        day = int(m["d"]) if m["d"] else 1
        try:
            found.append((m.start(), _day(year, month, day, bool(m["m"]), bool(m["d"]))))
        except ValueError:
            found.append((m.start(), YearOnly(year, 1, 1)))
    for m in _CN_YEAR.finditer(t.s):
        year = int(m["y"].translate(_CN_YEAR_DIGITS))
        if _YEARS[0] <= year <= _YEARS[1]:  # "〇〇〇〇年" names no year
            found.append((m.start(), YearOnly(year, 1, 1)))
    # Relative years ("前年", "今年") count alongside written ones.
    for word, offset in sorted(lex.relative_years.items(), key=lambda kv: -len(kv[0])):
        if (i := relative_year_at(t.s, word, lex)) >= 0:
            if word in lex.raw["same_year"] and any(pos < i for pos, _ in found):
                continue  # "2025年签的，当年就完成了变更": the year said before
            month = re.match(r"\s*(\d{1,2})月", t.s[i + len(word) :])
            m_no = int(month[1]) if month and 1 <= int(month[1]) <= 12 else 1
            found.append((i, _day(today.year + offset, m_no, 1, month is not None)))
    for word, offset in lex.relative_months.items():  # "上个月刚通过验收"
        if (i := t.s.find(word)) >= 0:
            month_no = today.year * 12 + today.month - 1 + offset
            found.append((i, MonthOnly(month_no // 12, month_no % 12 + 1, 1)))
    # "今年我们没有申报新的认定": a year of something not done dates nothing.
    found = [d for d in found if not re.match(lex.raw["undone_after_date"], t.s[d[0] :])]
    # "2023年入驻晋创谷": the company's entry dates the company, not the matter.
    found = [d for d in found if not re.match(lex.raw["entry_date_after"], t.s[d[0] :])]
    # "…2024年12月认定登记的…产品去年开始卖": the product's sales date no matter.
    found = [d for d in found if not re.match(lex.raw["market_date_after"], t.s[d[0] :])]
    # "2023年设的，今年想申请": the day one applies is not the day of the matter.
    applying_after = re.compile(lex.raw["applying_after"])
    applying = [d for d in found if applying_after.match(t.s, d[0])]
    if len(applying) < len(found):
        found = [d for d in found if d not in applying]
    # "去年也拿过这条的补助，12万": the year money was had in is not the matter's date.
    had = next(sl for sl in lex.slots if sl.name == "received").cues
    found = [d for d in found if not had.match(t.s, d[0])]
    # The latest date is the one that decides: "2023年立项，2025年验收" is judged on 验收, and
    # "前年认定省级…今年升成国家级" on this year's upgrade.
    return max(day for _, day in found) if found else None


def _day(year: int, month: int, day: int, month_said: bool, day_said: bool = False) -> date:
    """The date as said: a day, a month ("2024年3月") or a year only ("2025年验收", "今年"),
    each kept at what was said (shown so, never as a day nobody named)."""
    if day_said:
        return date(year, month, day)
    return MonthOnly(year, month, 1) if month_said else YearOnly(year, 1, 1)


def relative_year_at(s: str, word: str, lex: Lexicon, last: bool = False) -> int:
    """Where ``word`` ("前年") names a year in ``s`` (the first, or the ``last``), or -1: not
    inside another word ("税前年薪")."""
    inside = lex.raw["relative_year_inside"]
    hits = [
        m.start()
        for m in re.finditer(re.escape(word), s)
        if not re.search(inside["before"], s[: m.start()])
        and not re.match(inside["after"], s[m.end() :])
    ]
    return (hits[-1] if last else hits[0]) if hits else -1
