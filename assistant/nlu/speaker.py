"""Who is speaking: the kind of applicant a message speaks as, the kinds it denies, and the
parts of measures named for that speaker.

Kept apart from the rest of understanding because a kind of applicant named in a message is
as often the other party (a school one licenses from, the employer of a hire) as the speaker;
these readers decide which, and every later reader asks them rather than matching names again.
"""

from __future__ import annotations

import functools
import re
from functools import cache

from assistant.nlu.context import Text, matches, party, party_window
from assistant.nlu.lexicon import Lexicon, lexicon
from assistant.nlu.numbers import parse_count


def mask_speaker_kinds(text: str, lex: Lexicon) -> str:
    """``text`` with each kind of person said of the speaker blanked (same length)."""
    for rx in (
        lex.raw["speaker_is"],
        lex.raw["speaker_like"],
        lex.raw["speakers_are"],
        lex.raw["speakers_team"],
    ):
        text = re.sub(
            rx,
            lambda m: (
                m[0][: m.start("who") - m.start()]
                + " " * len(m["who"])
                + m[0][m.end("who") - m.start() :]
            ),
            text,
        )
    return text


def mask_person_roles(text: str, lex: Lexicon) -> str:
    """``text`` with the roles said of a person blanked (same length): "他…又是一个省级重点
    研发项目的技术负责人" names no project of the speaker's."""
    return re.sub(lex.raw["person_roles"], lambda m: " " * len(m[0]), text)


def pair_degrees(text: str, lex: Lexicon) -> dict[str, int]:
    """The head counts of the speaker and a partner said with them ("我和我爱人都是博士" is two
    博士; "我是博士她是硕士" one of each), or nothing when no partner is said."""
    if not re.search(lex.raw["speaker_pair"], text):
        return {}
    out: dict[str, int] = {}
    for m in re.finditer(lex.raw["pair_degree"], text):
        field = next((f for f, rx in lex.counts if rx.search(m["degree"])), None)
        if field:
            both = m["both"] == "都" or m["who"] in ("我们俩", "我俩", "咱俩")
            out[field] = out.get(field, 0) + (2 if both else 1)
    return out if sum(out.values()) <= 2 else {}


def _companions(text: str, m: re.Match[str], lex: Lexicon) -> bool:
    return m.group()[0] in "他她" and bool(
        re.search(lex.raw["companion_before"], text[: m.start()])
    )


def companion_degree(text: str, lex: Lexicon) -> str | None:
    """The head-count field of a companion's degree ("我师弟跟我一块去的，他是硕士"): a hire of
    their own beside the speaker, never the speaker's degree."""
    for m in re.finditer(lex.raw["relative_studied"], text):
        if _companions(text, m, lex):
            return next((f for f, rx in lex.counts if rx.search(m["who"])), None)
    return None


def speaker_degree(text: str, lex: Lexicon) -> tuple[str, int] | None:
    """The head-count field of the degree the speaker says they hold ("我是博士毕业"), or a
    relative of theirs ("我闺女今年硕士毕业"), and how many hold it with them ("我和两个同学今年
    硕士毕业" is 3)."""
    kinds = (
        "speaker_is",
        "speaker_graduated",
        "speaker_studied",
        "speaker_terse",
        "speaker_is_en",
        "speaker_like",
        "relative_graduated",
        "relative_studied",
    )
    for m in (m for k in kinds for m in re.finditer(lex.raw[k], text)):
        # "我研究生毕业，硕士": a bare 研究生 names no degree; the next saying may name one.
        if _companions(text, m, lex):
            continue  # "我师弟…他是硕士": the companion's degree (companion_degree), no relative's
        who = m["who"] or m.groupdict().get("who2") or m.groupdict().get("who3") or ""
        field = next((f for f, rx in lex.counts if rx.search(who)), None)
        if field:
            plus = m.groupdict().get("plus")
            return field, ((parse_count(plus) or 0) if plus else 0) + 1
    return next(
        (
            (field, 1)
            for field, rx in lex.raw["speaker_degree_implied"].items()
            if re.search(rx, text)
        ),
        None,
    )


def speaker_type(
    t: Text, lex: Lexicon, among: frozenset[str] | None = None, denied: frozenset[str] = frozenset()
) -> str | None:
    """The speaker's type; with ``among``, only those types are candidates; ``denied``: the
    types it says it is not (:func:`denied_types`)."""
    mentions = _type_mentions(t.s)
    hits = [
        (start, end, name)
        for start, end, name in mentions
        if (among is None or name in among)
        and not _not_the_speaker(t, start)
        and not re.match(lex.raw["with_us_after"], t.s[end:])
        and not re.search(lex.raw["goes_to_before"], t.before(start, 14))
        and not re.match(lex.raw["studies_at_after"], t.s[end:])
        and not (
            name in _ACADEMIC
            and re.search(lex.raw["partner_before"], t.before(start, 18))
            and re.match(lex.raw["partner_after"], t.s[end:])
        )
    ]
    # "学校不是高校，也不是科研院所，就是一所中职": a type the speaker says it is not is
    # none of its names.
    hits = [h for h in hits if h[2] not in denied]
    # A shorter hit inside a longer one is part of that name: 企业 in 科技企业孵化器.
    hits = [
        h
        for h in hits
        if not any(o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0]) for o in hits)
    ]
    # "一所高校的技术转移中心": an office of the organisation named right before it is that
    # organisation ("一所高校" alone reads as a counterparty; with its office, it speaks).
    offices = lex.raw.get("office_of", {})
    owners = [
        (start, end, name)
        for start, end, name in mentions
        if any(name in owned for owned in offices.values())
    ]
    for h in list(hits):
        owner = next((o for o in owners if _office_of(t, o, h, offices)), None)
        if owner is not None:  # the two names are one speaker: the owner, over both spans
            hits = [x for x in hits if x not in (h, owner)] + [(owner[0], h[1], owner[2])]
    # "技术转移机构的技术经纪人": the noun after 的 is who it is; the one before, whose.
    of_whom = [h for h in hits if any(o[0] - h[1] == 1 and t.s[h[1]] == "的" for o in hits)]
    hits = [h for h in hits if h not in of_whom] or hits
    # "在谷里一家公司做技术经纪": where the speaker works, when what they do is named too.
    # "我在谷里一家企业上班": a person says where they work; the workplace is not who speaks.
    at_work = [h for h in hits if _WORKPLACE.search(t.before(h[0], 10))]
    mine = [h for h in at_work if (w := _WORKPLACE.search(t.before(h[0], 10))) and w[1]]
    if at_work and (len(at_work) < len(hits) or len(mine) == len(hits)):
        hits = [h for h in hits if h not in at_work]
    # "我们公司说白了就是个中介": what the generic name is said to be is the speaker's type.
    said_to_be = [
        g
        for g in hits
        if g[2] in _GENERIC_TYPES
        and any(h[0] > g[1] and _SAID_TO_BE.fullmatch(t.s[g[1] : h[0]]) for h in hits)
    ]
    if said_to_be:  # every later "我们这种公司" is that same speaker
        hits = [h for h in hits if h[2] not in _GENERIC_TYPES] or hits
    # "从中北大学受让专利…另一份是山西中医药大学的专利许可": a kind the speaker acquires from
    # is the other party wherever it is named.
    acquired = [m.span() for m in re.finditer(lex.raw["acquires_from"], t.s)]
    source = {
        name for start, end, name in mentions if any(a <= start and end <= b for a, b in acquired)
    }
    neutral = None
    for start, end, name in sorted(hits):
        whose = party(party_window(t, start), lex)
        if name in source and whose == "neutral":
            continue
        if re.search(lex.raw["relayed_before"], t.before(start, 30)) and re.match(
            lex.raw["relayed_after"], t.s[end:]
        ):
            whose = "self"  # "有个…中介公司，就在谷里，问有没有奖励": the visitor relayed
        if whose == "self":
            return name
        if neutral is None and whose == "neutral":
            neutral = name
    return neutral


def denied_types(t: Text, lex: Lexicon) -> set[str]:
    """The kinds of applicant the speaker says it is not ("学校不是高校，也不是科研院所")."""
    return {
        name for start, _end, name in _type_mentions(t.s) if _DENIED_TYPE.search(t.before(start, 8))
    }


@functools.lru_cache(maxsize=256)
def _type_mentions(s: str) -> tuple[tuple[int, int, str], ...]:
    """Every name of a kind of applicant in ``s`` (start, end, kind), in the lexicon's order:
    matched once per message, read by who speaks, whom it denies being and whom it acquires
    from."""
    return tuple(
        (m.start(), m.end(), name) for name, rx in lexicon().applicants for m in matches(rx, s)
    )


def _office_of(
    t: Text, owner: tuple[int, int, str], office: tuple[int, int, str], offices: dict
) -> bool:
    """``office`` is named right after ``owner`` as part of it ("高校的技术转移中心"), or in
    English right before it ("the tech transfer office of Shanxi Agricultural University")."""
    if owner[2] not in offices.get(office[2], ()):
        return False
    named = re.match(lexicon().raw["office_words"], t.s[office[0] : office[1]])
    if owner[1] <= office[0]:
        return t.s[owner[1] : office[0]] in ("", "的") and bool(named)
    between = t.s[office[1] : owner[0]] if office[1] <= owner[0] else None
    return between is not None and bool(_OF_THE.fullmatch(between)) and bool(named)


_OF_THE = re.compile(r"(?i)\s+(of|at)\s+(the\s+)?([A-Z][a-z]+\s+){0,4}")


def types_run(t: Text, lex: Lexicon) -> frozenset[str]:
    """Types the speaker says it runs ("我们运营的众创空间", "旗下两个中试基地")."""
    rx = re.compile(lex.raw["operates_before"])
    far = re.compile(lex.raw["operates_far_before"])
    run = {
        name
        for name, pattern in lex.applicants
        for m in matches(pattern, t.s)
        if rx.search(t.before(m.start(), 10)) or far.search(t.sentence_before(m.start(), 40))
    }
    run |= {name for name, cue in lex.raw["business_lines"].items() if re.search(cue, t.s)}
    return frozenset(run)


def _not_the_speaker(t: Text, start: int) -> bool:
    """ "我不是企业，就是个人": a type the speaker says they are not."""
    return bool(_NOT_A.search(t.before(start, 8)))


_GENERIC_TYPES = frozenset({"enterprise", "team"})
_ACADEMIC = frozenset({"university", "institute"})


_SAID_TO_BE = re.compile(
    r"[^，。,；;]{0,6}?(就|也|其实|实际上)?(是|算是|属于)(个|一个|一家|一所|家)?"
)


_NOT_A = re.compile(r"(我|我们|本人|咱)(也|都|又|并|可)?(不是|并非|不算|不属于)(一家|一个|个|家)?$")


_DENIED_TYPE = re.compile(
    r"((?<![是算])不是|并非|(?<!算)不算|不属于|(?<=[也又])不在)(一家|一个|一所|个|家|所)?$"
)


_WORKPLACE = re.compile(r"(我|本人)?(在|就职于|任职于)[^，。,；;]{0,6}(一家|一个|个|家)?$")


def said_as_speaker(t: Text, lex: Lexicon, applicant: str) -> bool:
    """ "我们是孵化器…": the type is the speaker's own, not only a kind of matter named; so is
    a message that opens by the speaker's unit ("学校科技处的。…", "中北大学的，…": 我是 left out)."""
    rx = dict(lex.applicants)[applicant]
    return any(
        party(party_window(t, m.start()), lex) == "self"
        or (_OPENING.fullmatch(t.s[: m.start()]) and _UNIT_OF.match(t.s, m.end()))
        for m in matches(rx, t.s)
    )


# What may come before a unit the message opens with, and the rest of that opening clause.
_OPENING = re.compile(r"\s*((您|你)好|老师好|领导好|喂)?[，,。！!\s]*")
_UNIT_OF = re.compile(r"[^，。,；;？?！!]{0,8}的\s*([，,。；;！!]|$)")


def _parts_for(lex: Lexicon, applicant: str | None) -> list[dict[str, str]]:
    """The parts of measures that set no figure, with their words, as ``applicant`` would
    mean them (a lender's "知识产权质押贷款" is its financing, not （十一）'s products)."""
    return [
        p
        for p in lex.raw["part_words"]
        if "unless_speaker" not in p or p["unless_speaker"] != applicant
    ]


def part_words(lex: Lexicon, applicant: str | None) -> re.Pattern[str] | None:
    """Words naming a part of a measure that sets no figure, as ``applicant`` would mean them."""
    said = [p["words"] for p in _parts_for(lex, applicant)]
    return _compiled("|".join(f"(?:{w})" for w in said)) if said else None


def named_part(text: str, lex: Lexicon, applicant: str | None) -> str | None:
    """The part (corpus/measures.yaml ``parts``) whose words the message says first."""
    found = [
        (m.start(), p["part"])
        for p in _parts_for(lex, applicant)
        if (m := _compiled(p["words"]).search(text))
    ]
    return min(found)[1] if found else None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
