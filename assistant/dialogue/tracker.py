"""Conversation state from understood messages, one matter at a time.

The state layer of the dialogue (understanding → **state** → policy → actions): what a
message about one matter says is told to the case file here — who is asking, the topic under
discussion, the facts (to the topic's matter, or the applicant's own), and bare answers
("八百万", "是的") resolved against the question just asked. Messages about several matters
are told to the case file by :mod:`assistant.dialogue.matters`. Both write only through the named
operations of :class:`~assistant.dialogue.state.Conversation` and :class:`~assistant.dialogue.casefile.CaseFile`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.dialogue import casefile, facts
from assistant.dialogue.facts import APPLICANT_FACTS, MEASURES
from assistant.dialogue.state import Conversation
from assistant.nlu import references
from assistant.nlu.figures import implied_topic
from assistant.nlu.understand import Intent, Understanding
from calculators.registry import RULES, compute, speakers_rule
from corpus.parameters import get as get_parameter

ASK_APPLICANT = "applicant"  # the pending marker when the engine asked who the user is
# The pending marker when a reply offered one clause as what was meant ("您问的是不是（九）这
# 一条？"): OFFERED_CLAUSE + the clause; a bare "是的" then answers from that clause.
OFFERED_CLAUSE = "clause:"


def remember(conv: Conversation, u: Understanding, text: str) -> bool:
    """Tell the case file what this message says, resolving bare answers; True when it
    answered the question just asked ("好的" to "已完成协议任务了吗？")."""
    if u.applicant and u.speaker(conv.applicant) == u.applicant:
        conv.case.set_applicant(u.applicant)
        for name, value in APPLICANT_FACTS.get(u.applicant, {}).items():
            if name not in conv.facts:
                conv.tell(name, value, text, shared=True)
    adopt_topic(conv, u)
    pending, conv.pending = conv.pending, None
    named = any(t in RULES for t in u.topics)
    told = {k: v for k, v in u.facts.items() if not (k in u.weak and k in conv.facts)}
    said = resolve(conv, told, pending, text, what_if=u.flags.what_if, named=named)
    _context_again(conv, said, u)
    speaker_hired(conv, said, u)
    _only_the_speaker(conv, said, u)
    _others_only(conv, said, u)
    if u.intent is Intent.VALIDITY:
        said.pop("event_date", None)  # "2030年还能申请吗" asks; it is not a fact to keep
    for name, value in said.items():
        conv.tell(name, value, text)
    if conv.applicant is None and MEASURES.speaker(conv.topic):
        conv.case.set_applicant(MEASURES.speaker(conv.topic))
    return pending is not None and pending in said


def speaker_hired(conv: Conversation, said: dict[str, Any], u: Understanding) -> None:
    """Hiring talked of with no head count, after the speaker said their degree ("我是海归博士"
    … "下周入职谷里一家科技型企业…我能拿多少"): the one hired is the speaker. A message naming a
    degree of its own ("公司还招了硕士") is about others."""
    counts = casefile.HEAD_COUNTS
    if (
        conv.degree
        and conv.topic
        and conv.degree in RULES[conv.topic].facts
        and not any(c in said or c in conv.facts for c in counts)
        and not (u.degree_named and not u.speaker_degree)  # a degree named is not the speaker's
    ):
        said[conv.degree] = 1


def _context_again(conv: Conversation, said: dict[str, Any], u: Understanding) -> None:
    """A figure said as context before ("去年总收入500万，其中服务性收入280万") and said again
    ("老板说按总收入500万的30%是150万") is that context: it replaces no fact told. The figures
    this message says as context are remembered for later turns."""
    before = set(conv.context_figures)
    for name, value in list(said.items()):
        told = conv.facts.get(name)
        if name.endswith("_yuan") and told is not None and told != value and str(value) in before:
            del said[name]
    conv.context_figures += [
        str(f.value) for f in u.figures if f.role == "context" and f.mention.kind == "money"
    ]


# Facts of a hire's own terms: told, they make the speaker one of the people hired.
_HIRE_TERMS = ("contract_years", "social_insurance")


def _others_only(conv: Conversation, said: dict[str, Any], u: Understanding) -> None:
    """ "我是海归博士" then "我们公司还招了硕士…能拿多少": the speaker's degree, said with nothing
    of a hire of their own (no contract, no social insurance), is who they are; hires of another
    degree told later are the ones counted."""
    counts = casefile.HEAD_COUNTS
    own = conv.degree
    if not own or not u.degree_named or u.speaker_degree or own in said:
        return
    others = [c for c in counts if c in said and c != own]
    hire_told = any(conv.facts.get(n) is not None for n in _HIRE_TERMS)
    if others and conv.facts.get(own) == 1 and not hire_told:
        conv.forget(own)


def _only_the_speaker(conv: Conversation, said: dict[str, Any], u: Understanding) -> None:
    """ "我男朋友是博士，进了谷里一家企业…" then "那我呢，我是硕士…": a later message in which the
    speaker says their own degree and counts no one else is about the speaker alone; the head
    count of the person told before is not theirs."""
    counts = casefile.HEAD_COUNTS
    if u.speaker_degree is None or [c for c in counts if c in said] != [u.speaker_degree]:
        return
    for other in counts:
        if other != u.speaker_degree and other in conv.facts:
            conv.forget(other)


def settle(conv: Conversation, u: Understanding) -> int | None:
    """After the answer: the topic it settled on has its matter in the case file (opened if
    only now known, e.g. from the clause retrieval found), in focus, with the ranges this
    message gave ("六七千万": the fact holds the low end)."""
    index = conv.topic_matter(u.text)
    if index is None:
        return None
    conv.case.focus_on(index)
    known = conv.facts
    main = facts.main_amount_field(conv.topic)
    for name, (low, high) in u.ranges.items():
        key = name if name in RULES[conv.topic].facts and name in known else main
        if key and known.get(key) == low:
            conv.case.set_range(index, key, low, high)
    return index


def adopt_topic(conv: Conversation, u: Understanding) -> None:
    topic = next((t for t in u.topics if t in RULES), None)
    if (
        topic in u.weak_topics
        and conv.topic
        and not any(name in RULES[topic].facts for name in u.facts)
    ):
        # "是按投资额的百分之二十吗？我们前后投了300万" after a 众创空间: a measure named by
        # its broad words alone, with no fact of its own, is no change of subject.
        topic = conv.topic
    if topic is None and conv.topic is None and any(k.endswith("_yuan") for k in u.facts):
        # "（技术经纪公司）…去年撮合成的合同一共一千五百万": money told with no measure named,
        # by a speaker with one money rule, is that rule's (its label read as that rule's).
        topic = implied_topic(conv.applicant)
    # （五） has two paragraphs: 技术开发/转让/许可 contracts, then 技术服务/咨询 turnover.
    # "那技术服务合同呢" while on the first moves to the second, amount included.
    switch = MEASURES.switch_for(topic or conv.topic, u.facts.get("contract_type"))
    if switch is not None:
        topic = switch.id
        moved = MEASURES.switched_facts(switch, u.facts)
        u.facts.clear()
        u.facts.update(moved)
    named = topic is not None and RULES[topic].clause in u.clauses  # "5条的门槛": that clause
    if topic and conv.applicant and conv.applicant not in RULES[topic].applicants:
        own = None if named else speakers_rule(conv.applicant, topic)
        if own:
            topic = own
        elif not u.applicant:
            # A new matter that does not fit who we thought the user was (a clerk's next
            # visitor): stop assuming it, rather than answer for the wrong applicant.
            conv.case.set_applicant(None)
    if topic and topic != conv.topic:
        # What was already received belongs to the matter it was said about: a figure said
        # before any matter is not carried to this one (a matter keeps its own).
        for name in casefile.per_matter():
            conv.case.forget(name)
    if topic:
        conv.topic = topic
        if _another_object(conv, u, topic):
            conv.open_matter(u.text, fresh=True)


def _another_object(conv: Conversation, u: Understanding, topic: str) -> bool:
    """ "另外他们今年新备案了一个省级众创空间" after an incubator: the message names another
    kind of object of the measure discussed — a matter of its own, with nothing the other one
    had (its money received stays with it)."""
    told = conv.case.of_rule(topic)
    if not told:
        return False
    last = conv.case.matters[told[-1]].facts
    return any(
        u.facts.get(k) is not None and last.get(k) not in (None, u.facts[k])
        for k in ("carrier_type", "platform_type", "station_type")
    )


def resolve(
    conv: Conversation,
    said: dict[str, Any],
    pending: str | None,
    text: str,
    *,
    what_if: bool = False,
    named: bool = False,
) -> dict[str, Any]:
    """Turn neutral facts ("八百万", "国家级的呢", "是的") into the fields they answer.
    ``named``: the message names a measure of its own."""
    # Bare answers ("八百万", "三年", "两个") fill the fact just asked for; a bare figure
    # replaces the main amount only in a hypothetical or a correction ("要是一千万呢"),
    # never when merely mentioned ("这40万是确定能拿到吗").
    for neutral in ("amount_yuan", "years", "count"):
        bare = said.pop(neutral, None)
        target = pending if pending != ASK_APPLICANT else None
        if target and conv.topic and facts.is_bool_field(conv.topic, target):
            target = None  # a figure never answers a yes/no question ("要是一百万呢")
        # "今年到目前登记了四千二百万" after last year's figure: the figure of another year is
        # the one asked about now, as a correction would be.
        other_year = said.get("event_date") not in (None, conv.facts.get("event_date"))
        if target is None and neutral == "amount_yuan" and (what_if or other_year):
            target = facts.main_amount_field(conv.topic)
        if bare is not None and target and target not in said:
            said[target] = bare if target.endswith("_yuan") else facts.plain_number(bare)
    # "年度合同交易额三千万" answering "交易额是多少？" may come labelled as another money
    # fact; a single amount the current rule cannot use goes to the money fact just asked.
    if pending and pending.endswith("_yuan") and pending not in said and conv.topic:
        fields = RULES[conv.topic].facts
        stray = [k for k in said if k.endswith("_yuan") and k not in fields]
        if len(stray) == 1:
            said[pending] = said.pop(stray[0])
    # "今年到现在参与的合同交易额是两千五百万" on （十二）: a labelled figure no measure of the
    # message claims, under a rule that cannot read its label, is that rule's own figure.
    elif conv.topic and not named and (main := facts.main_amount_field(conv.topic)):
        fields = RULES[conv.topic].facts
        stray = [k for k in said if k.endswith("_yuan") and k not in fields and k != "amount_yuan"]
        if len(stray) == 1 and main not in said and not stray[0].startswith(("received", "other")):
            said[main] = said.pop(stray[0])
    level = said.pop("level", None)
    if level is not None:
        said.setdefault("carrier_level" if conv.topic == "carrier" else "project_level", level)
    # "2025年认定了省级，谷里给了30万" then "今年又新认定成国家级了": the earlier level is the
    # one the conversation was told; what it got then counts against the total cap (nothing,
    # when that recognition came before the measures took effect).
    told = conv.facts.get("carrier_level")
    upgrade = (
        conv.topic == "carrier"
        and conv.facts.get("carrier_recognised") is True
        and told is not None
        and said.get("carrier_level") not in (None, told)
    )
    if upgrade and "previous_level" not in said and references.cue("upgraded", text):
        said["previous_level"] = told
    earlier = conv.facts.get("event_date")
    before_start = earlier is not None and earlier < get_parameter("validity_start").value
    if upgrade and said.get("previous_level") == told and before_start:
        said["previous_before_policy"] = True
    previous = said.pop("previous_level", None)
    before_policy = said.pop("previous_before_policy", False)
    if previous and previous != said.get("carrier_level") and not before_policy:
        said.setdefault("received_before_yuan", carrier_paid(conv, said, previous))
    # A terse "是"/"还没" answers the yes/no just asked; a message that says something
    # else ("不对，是国家级", "之前没拿过") is not an answer to it.
    terse = not said and len(text.strip()) <= references.TERSE_ANSWER_CHARS
    if terse and pending and facts.is_bool_field(conv.topic, pending):
        answer = references.terse_yes_no(text)
        if answer is not None:
            said[pending] = answer
    # "哦不对，年底已经全部完成了": a completion with no object is the one condition told unmet.
    unmet = [k for k, v in conv.facts.items() if v is False and facts.is_bool_field(conv.topic, k)]
    says_one = any(facts.is_bool_field(conv.topic, k) for k in said)
    if conv.topic and len(unmet) == 1 and not says_one and references.done_after_all(text):
        said[unmet[0]] = True
    return said


def carrier_paid(conv: Conversation, said: dict, previous_level: str) -> Decimal:
    """What a carrier already received at its earlier level: computed, not assumed."""
    carrier_type = said.get("carrier_type") or conv.facts.get("carrier_type")
    if not carrier_type:
        return Decimal(0)
    earlier = compute("carrier", {"carrier_type": carrier_type, "carrier_level": previous_level})
    return earlier.amount_yuan
