"""What the assistant remembers about one conversation: the case file, and where the talk is.

The case file (:class:`~assistant.dialogue.casefile.CaseFile`) is the one store of what the user told
us. A :class:`Conversation` adds only where the dialogue stands (the topic under discussion,
the question just asked, the turn count); its ``applicant`` and ``facts`` are read-only views
over the case file, so a write that skips the named operations fails at once instead of
quietly keeping a second copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from assistant.dialogue.casefile import HEAD_COUNTS, CaseFile, Matter, per_matter
from assistant.nlu.understand import STATUS_FACTS
from calculators.registry import RULES
from corpus.measures import load_measures

MANUAL = "（手动更正）"  # the source of a fact corrected in the app's sidebar


@dataclass(init=False)
class Conversation:
    """Facts said so far are kept and reused by later turns, like a docassemble interview."""

    topic: str | None  # calculator rule id under discussion
    pending: str | None  # the fact the last follow-up question asked for
    turns: int
    case: CaseFile  # the matters told so far, each with its own facts (assistant.dialogue.casefile)
    # Matters the reply gate asked about because no anchor names them ("您说的3400万元和170万元
    # 是同一个项目吗？"): their indices in the case file, until the next message settles them.
    doubted: list[int]
    # The blocks of the answer a follow-up may ask about ("这个是按什么比例算的？"): steps,
    # conditions, citations, 责任单位 and headline, JSON-safe, as the answer layer wrote them
    # (assistant/answer/followup.py); None before any answer with steps or conditions.
    answered: dict[str, Any] | None
    # Orientations this visitor has already read in full ("newcomer": the overview, "process":
    # the way in, （一）（二）): the same question again points back instead of repeating them.
    shown: list[str]
    # The head-count field of the degree the speaker said they hold ("我是海归博士" before any
    # measure): a later question about hiring that names no degree is about the speaker.
    degree: str | None

    def __init__(
        self,
        applicant: str | None = None,
        facts: Mapping[str, Any] | None = None,
        topic: str | None = None,
        pending: str | None = None,
        turns: int = 0,
        case: CaseFile | None = None,
    ) -> None:
        """``applicant`` and ``facts`` are told to the case file as a message would tell them:
        a fact the topic's rule takes goes to the topic's matter, the others to the applicant."""
        self.topic, self.pending, self.turns = topic, pending, turns
        self.doubted = []
        self.answered = None
        self.shown = []
        self.degree = None
        # The measures the last reply was about ("这一条原文" refers to them), its citations'.
        self.last_clauses: list[str] = []
        # The part without a figure the last reply was about ("市本级专项"): "我们承担了，能给
        # 多少" next turn asks of it (a rule id of corpus/measures.yaml's parts).
        self.last_part: str | None = None
        # Figures said as context before ("总收入500万，其中服务性收入280万"): said again in a
        # later turn ("按总收入500万的30%…"), they are that context, not a new figure.
        self.context_figures: list[str] = []
        self.case = case if case is not None else CaseFile()
        if applicant is not None:
            self.case.set_applicant(applicant)
        for name, value in (facts or {}).items():
            self.tell(name, value)

    # ----------------------------------------------------------------- views
    @property
    def applicant(self) -> str | None:
        return self.case.applicant

    @property
    def facts(self) -> Mapping[str, Any]:
        """Every fact told, one value per name (read-only): the shared facts, every matter's,
        the focused matter's last; facts about one matter only from the focused matter."""
        return MappingProxyType(self.case.known(self.focused()))

    def focused(self) -> int | None:
        """The matter under discussion: the topic's (the case file's focus if it is one of
        them, else the last told), or the case file's focus when there is no topic."""
        case = self.case
        focus = case.focus if case.focus is not None and case.focus < len(case.matters) else None
        if self.topic is None:
            return focus
        if focus is not None and case.matters[focus].rule == self.topic:
            return focus
        same = case.of_rule(self.topic)
        return same[-1] if same else None

    # ----------------------------------------------------------------- named operations
    def showed(self, orientation: str) -> None:
        """This visitor has now read ``orientation`` ("newcomer", "process") in full."""
        if orientation not in self.shown:
            self.shown.append(orientation)

    def tell(self, name: str, value: Any, source: str = "", *, shared: bool = False) -> None:
        """One fact said in the conversation: to the topic's matter when its rule takes it
        (created, and focused, if the topic has none yet), else to the applicant's facts.
        Where the speaker is (``STATUS_FACTS``) is always the applicant's, for every matter;
        another fact said of no matter leaves the matters' own values alone."""
        if shared or not self._of_topic(name):
            self.case.tell(name, value, source, every_matter=name in STATUS_FACTS)
            return
        self.case.tell(name, value, source, matter=self.topic_matter(source))

    def _of_topic(self, name: str) -> bool:
        if self.topic not in RULES or name in STATUS_FACTS:
            return False
        return name in RULES[self.topic].facts or name in per_matter()

    def topic_matter(self, said: str = "") -> int | None:
        """The topic's matter, opened when the topic has none: it starts from what is already
        known that its rule takes (the applicant's own facts stay theirs, under every matter)."""
        if self.topic not in RULES:
            return None
        index = self.focused()
        if index is not None:
            return index
        return self.open_matter(said)

    def open_matter(self, said: str = "", *, fresh: bool = False) -> int:
        """A new matter of the topic's rule, in focus; ``fresh``: it starts from the
        applicant's shared facts only, not from the matter discussed before (another object
        of the same measure: "另外…一个省级众创空间" after an incubator)."""
        rule = RULES[str(self.topic)]
        stays = STATUS_FACTS | set(load_measures().implied_facts.get(self.applicant or "", {}))
        known = dict(self.case.shared) if fresh else self.facts
        start = {k: v for k, v in rule.given(known).items() if k not in stays}
        sources = {k: self._source(k) for k in start}
        index = self.case.add_matter(Matter(rule.id, {}, said=said))
        for name, value in start.items():
            self.case.tell(name, value, sources[name], matter=index)
        return index

    def _source(self, name: str) -> str:
        holder = self.case.holder(name, self.focused())
        if holder is None:
            return self.case.shared_sources.get(name, "")
        return self.case.matters[holder].sources.get(name, "")

    def forget(self, name: str) -> None:
        """Forget the value of ``name`` the dialogue reads (a value a calculator refused)."""
        holder = self.case.holder(name, self.focused())
        if holder is None:
            self.case.forget(name)
        else:
            self.case.retract_fact(holder, name)

    def rename(self, old: str, new: str) -> None:
        """The fact the dialogue reads as ``old`` is really ``new``, where it is kept."""
        self.case.rename_fact(self.case.holder(old, self.focused()), old, new)

    def reset(self) -> None:
        self.topic, self.pending, self.turns = None, None, 0
        self.doubted = []
        self.answered = None
        self.shown = []
        self.degree = None
        self.last_clauses = []
        self.last_part = None
        self.context_figures = []
        self.case.reset()

    # The app's sidebar corrects or removes a fact of one matter; the next answer uses it.
    def correct_fact(self, matter: int | None, name: str, value: Any) -> None:
        """Set one fact of one matter, or (``matter`` None) one of the applicant's own."""
        self.answered = None  # the answer it rested on is out of date
        if matter is None:
            self.case.tell(name, value, MANUAL)
        else:
            self.case.correct_fact(matter, name, value, source=MANUAL)

    def retract_fact(self, matter: int | None, name: str) -> None:
        """Forget one fact of one matter, or (``matter`` None) one of the applicant's own."""
        self.answered = None
        if matter is None:
            self.case.forget(name)
        else:
            self.case.retract_fact(matter, name)

    def remove_matter(self, matter: int) -> None:
        """Drop one matter; the topic under discussion goes with it if it was its only one."""
        rule = self.case.matters[matter].rule
        self.case.remove_matter(matter)
        self.answered = None
        if rule == self.topic and not self.case.of_rule(rule):
            self.topic, self.pending = None, None

    # ----------------------------------------------------------------- persistence
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (the case file tags Decimal and date facts) so any process can
        resume it."""
        return {
            "topic": self.topic,
            "pending": self.pending,
            "turns": self.turns,
            "case": self.case.to_dict(),
            "doubted": list(self.doubted),
            "answered": self.answered,
            "shown": list(self.shown),
            "degree": self.degree,
            "last_clauses": list(self.last_clauses),
            "last_part": self.last_part,
            "context_figures": list(self.context_figures),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Conversation:
        """The inverse of :meth:`to_dict`; unknown keys are ignored (older/newer records).

        Older records kept the applicant and a flat "facts" beside the case file (the topic's
        matter a copy of them): the facts no matter holds are told again, as said then."""
        data = data or {}
        conv = cls(
            topic=data.get("topic"),
            pending=data.get("pending"),
            turns=int(data.get("turns") or 0),
            case=CaseFile.from_dict(data.get("case")),
        )
        conv.doubted = [
            int(i) for i in data.get("doubted") or [] if 0 <= int(i) < len(conv.case.matters)
        ]
        answered = data.get("answered")
        conv.answered = answered if isinstance(answered, dict) else None
        conv.shown = [str(s) for s in data.get("shown") or [] if isinstance(s, str)]
        degree = data.get("degree")
        conv.degree = degree if degree in HEAD_COUNTS else None
        conv.last_clauses = [str(c) for c in data.get("last_clauses") or [] if isinstance(c, str)]
        conv.context_figures = [str(v) for v in data.get("context_figures") or []]
        part = data.get("last_part")
        conv.last_part = part if isinstance(part, str) else None
        if conv.applicant is None and data.get("applicant"):
            conv.case.set_applicant(data["applicant"])
        held = {name for m in conv.case.matters for name in m.facts} | set(conv.case.shared)
        for name, value in (data.get("facts") or {}).items():
            if name not in held:
                conv.tell(name, _decode(value))
        return conv


def _decode(value: Any) -> Any:
    """A value of an older record's flat facts ({"$decimal": …}, {"$date": …})."""
    if isinstance(value, dict) and len(value) == 1:
        if "$decimal" in value:
            return Decimal(value["$decimal"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value
