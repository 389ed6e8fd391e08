"""The case file: the one meaning representation of what a user has told us.

One applicant, the applicant's own facts that belong to no matter (``shared``: where the
speaker is, what their type implies, facts said before any matter exists) and a list of
**matters**. A matter is one thing that may earn money under one rule (a project, a contract,
a base, a station, a training fee…) with its own typed facts, where each fact came from (the
words it was read from), and what was already received for it. Conditions and negations are
facts (``accepted=False`` is "还在执行期"), so a condition said of one matter never spreads to
another.

The case file changes only through named operations (:meth:`CaseFile.set_applicant`,
:meth:`CaseFile.tell`, :meth:`CaseFile.forget`, :meth:`CaseFile.focus_on`,
:meth:`CaseFile.add_matter`, :meth:`CaseFile.replace_matters`, :meth:`CaseFile.correct_fact`,
:meth:`CaseFile.retract_fact`, :meth:`CaseFile.set_range`, :meth:`CaseFile.rename_fact`,
:meth:`CaseFile.remove_matter`, :meth:`CaseFile.reset`), so the app can show and edit it and
the database can store it (:meth:`CaseFile.to_dict` / :meth:`CaseFile.from_dict`). A matter is computed over the shared
facts with its own on top (:meth:`CaseFile.view`): the speaker's place holds for every matter
unless one says otherwise.

Amounts are computed per matter by :func:`compute_matters`; matters that share a yearly cap
of one applicant (``cap_shared`` in ``casefile.yaml``) take what the earlier ones used, and a
rule whose figure is a yearly total (``yearly_total``) sums its matters into one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from calculators.common import MonthOnly, YearOnly
from calculators.errors import InputError
from calculators.model import Award, Status
from calculators.registry import RULES, compute, missing_fields

DATA = Path(__file__).with_name("casefile.yaml")
ORDINALS = "一二三四五六七八九十"
# The head counts of a hiring matter (（七）: 博士, 硕士研究生).
HEAD_COUNTS = ("phd_count", "master_count")


@cache
def data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@dataclass
class Matter:
    """One matter under one rule, with its own facts."""

    rule: str
    facts: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # fact → the words it came from
    said: str = ""  # the words this matter was read from
    # Approximate figures ("六七千万"): fact → (low, high); the fact itself holds the low end.
    ranges: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def clause(self) -> str:
        return RULES[self.rule].clause

    @property
    def negations(self) -> list[str]:
        """Conditions the user said are not met ("还没验收")."""
        return [name for name, value in self.facts.items() if value is False]

    @property
    def received_yuan(self) -> Decimal:
        """What this measure already paid for it (this year, or earlier for a carrier)."""
        return Decimal(
            self.facts.get("received_this_year_yuan") or self.facts.get("received_before_yuan") or 0
        )

    @property
    def other_policy_yuan(self) -> Decimal | None:
        """What another policy granted for the same matter (就高不重复)."""
        value = self.facts.get("other_policy_award_yuan")
        return None if value is None else Decimal(value)

    def given(self) -> dict[str, Any]:
        fields = RULES[self.rule].facts
        return {k: v for k, v in self.facts.items() if k in fields and v is not None}

    def missing(self) -> list[str]:
        return missing_fields(self.rule, self.given())

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "facts": {k: _dump(v) for k, v in self.facts.items()},
            "sources": dict(self.sources),
            "said": self.said,
            "ranges": {k: [str(a), str(b)] for k, (a, b) in self.ranges.items()},
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Matter:
        return cls(
            rule=raw["rule"],
            facts={k: _load(k, v) for k, v in raw.get("facts", {}).items()},
            sources=dict(raw.get("sources", {})),
            said=raw.get("said", ""),
            ranges={k: (Decimal(a), Decimal(b)) for k, (a, b) in raw.get("ranges", {}).items()},
        )


def _dump(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, YearOnly):
        return {"year": value.year}
    if isinstance(value, MonthOnly):
        return {"month": f"{value.year}-{value.month:02d}"}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _load(_name: str, value: Any) -> Any:
    if isinstance(value, dict) and "decimal" in value:
        return Decimal(value["decimal"])
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    if isinstance(value, dict) and "year" in value:
        return YearOnly(int(value["year"]), 1, 1)
    if isinstance(value, dict) and "month" in value:
        year, month = value["month"].split("-")
        return MonthOnly(int(year), int(month), 1)
    return value


@cache
def per_matter() -> tuple[str, ...]:
    """Facts about one matter only ("今年已经拿了10万" under （四） says nothing of （六）), in
    ``casefile.yaml``'s order (the order a retraction looks for them in)."""
    return tuple(data()["per_matter"])


@dataclass
class CaseFile:
    """Who is asking and the matters they told us about; changed only by the operations."""

    applicant: str | None = None
    matters: list[Matter] = field(default_factory=list)
    focus: int | None = None  # the matter under discussion ("那它呢")
    pending: tuple[int, str] | None = None  # the fact of one matter just asked for
    # The applicant's own facts, in no matter: where the speaker is, what their type implies,
    # and what was said before any matter existed. Each matter is computed over them.
    shared: dict[str, Any] = field(default_factory=dict)
    shared_sources: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------ operations
    def set_applicant(self, applicant: str | None) -> None:
        self.applicant = applicant

    def tell(
        self,
        name: str,
        value: Any,
        source: str = "",
        matter: int | None = None,
        *,
        every_matter: bool = False,
    ) -> None:
        """One fact said: of matter ``matter`` (which becomes the focus), or of the applicant.

        Said of a matter, it no longer comes from the shared facts under it. Said of the
        applicant, a matter's own value stays (it was said of that matter) unless
        ``every_matter``: where the speaker is holds for all of them."""
        if matter is None:
            if every_matter:
                for index in range(len(self.matters)):
                    self.retract_fact(index, name)
            self.shared[name] = value
            if source:
                self.shared_sources[name] = source
            return
        m = self.matters[matter]
        if m.facts.get(name) != value:
            m.ranges.pop(name, None)
        m.facts[name] = value
        if source:
            m.sources[name] = source
        self.forget(name)
        self.focus = matter

    def forget(self, name: str) -> None:
        """Forget one of the applicant's shared facts."""
        self.shared.pop(name, None)
        self.shared_sources.pop(name, None)

    def focus_on(self, index: int) -> None:
        """Matter ``index`` is the one under discussion ("那它呢", "再多一半呢" refer to it)."""
        self.focus = index

    def add_matter(self, matter: Matter) -> int:
        self.matters.append(matter)
        self.focus = len(self.matters) - 1
        return self.focus

    def replace_matters(self, matters: list[Matter]) -> None:
        """A message told several matters at once: they are the matters now (the applicant's
        own facts stay), the last in focus."""
        self.matters.clear()
        self.pending = None
        for matter in matters:
            self.add_matter(matter)

    def correct_fact(self, index: int, name: str, value: Any, source: str = "") -> None:
        matter = self.matters[index]
        matter.facts[name] = value
        matter.ranges.pop(name, None)
        if source:
            matter.sources[name] = source
        self.focus = index

    def retract_fact(self, index: int, name: str) -> None:
        matter = self.matters[index]
        matter.facts.pop(name, None)
        matter.sources.pop(name, None)
        matter.ranges.pop(name, None)

    def set_range(self, index: int, name: str, low: Decimal, high: Decimal) -> None:
        """An approximate figure ("六七千万"): the fact holds the low end, this both ends."""
        self.matters[index].ranges[name] = (low, high)

    def rename_fact(self, index: int | None, old: str, new: str) -> None:
        """A fact that turned out to be another one (（五）'s 合同金额 → 技术服务交易额), with
        its source and range; ``index`` None: a shared fact."""
        if index is None:
            if old in self.shared:
                self.shared[new] = self.shared.pop(old)
                if old in self.shared_sources:
                    self.shared_sources[new] = self.shared_sources.pop(old)
            return
        matter = self.matters[index]
        for store in (matter.facts, matter.sources, matter.ranges):
            if old in store:
                store[new] = store.pop(old)

    def remove_matter(self, index: int) -> None:
        del self.matters[index]
        self.pending = None
        if self.focus is not None:
            self.focus = None if not self.matters else min(self.focus, len(self.matters) - 1)

    def reset(self) -> None:
        self.applicant, self.focus, self.pending = None, None, None
        self.matters.clear()
        self.shared.clear()
        self.shared_sources.clear()

    # ------------------------------------------------------------ reading
    def of_rule(self, rule: str) -> list[int]:
        return [i for i, m in enumerate(self.matters) if m.rule == rule]

    def view(self, index: int) -> Matter:
        """Matter ``index`` as computed: the shared facts (but those about one matter only)
        under its own. A copy: writing to it changes nothing."""
        m = self.matters[index]
        under = {k: v for k, v in self.shared.items() if k not in per_matter()}
        return Matter(m.rule, {**under, **m.facts}, dict(m.sources), m.said, dict(m.ranges))

    def known(self, focus: int | None) -> dict[str, Any]:
        """Every fact told, one value per name, for a reader that asks by name: the shared
        facts, then each matter's, matter ``focus``'s last; facts about one matter only come
        from matter ``focus`` (or the shared facts, when said before any matter)."""
        out = dict(self.shared)
        order = [i for i in range(len(self.matters)) if i != focus]
        for i in order:
            out.update({k: v for k, v in self.matters[i].facts.items() if k not in per_matter()})
        if focus is not None and 0 <= focus < len(self.matters):
            out.update(self.matters[focus].facts)
        return out

    def holder(self, name: str, focus: int | None) -> int | None:
        """Where :meth:`known` reads ``name`` from: a matter's index, or None (shared)."""
        if (
            focus is not None
            and 0 <= focus < len(self.matters)
            and name in self.matters[focus].facts
        ):
            return focus
        if name not in per_matter():
            for i in reversed(range(len(self.matters))):
                if i != focus and name in self.matters[i].facts:
                    return i
        return None

    def label(self, index: int) -> str:
        """ "第二个项目" when several matters share a rule, else the rule's name."""
        matter = self.matters[index]
        same = self.of_rule(matter.rule)
        noun = data()["nouns"].get(matter.rule, "事项")
        if len(same) < 2:
            return f"{matter.clause}{RULES[matter.rule].name}"
        n = same.index(index) + 1
        return f"第{ORDINALS[n - 1] if n <= 10 else n}个{noun}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicant": self.applicant,
            "shared": {k: _dump(v) for k, v in self.shared.items()},
            "shared_sources": dict(self.shared_sources),
            "matters": [m.to_dict() for m in self.matters],
            "focus": self.focus,
            "pending": list(self.pending) if self.pending else None,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> CaseFile:
        raw = raw or {}
        return cls(
            applicant=raw.get("applicant"),
            matters=[Matter.from_dict(m) for m in raw.get("matters", [])],
            focus=raw.get("focus"),
            pending=tuple(raw["pending"]) if raw.get("pending") else None,
            shared={k: _load(k, v) for k, v in (raw.get("shared") or {}).items()},
            shared_sources=dict(raw.get("shared_sources") or {}),
        )


# ------------------------------------------------------------------ computing
@dataclass
class Outcome:
    """One matter's result: an award, or the facts still needed."""

    index: int
    matter: Matter
    award: Award | None
    missing: list[str]
    error: str | None = None

    @property
    def status(self) -> str:
        if self.error:
            return "not_eligible"
        if self.award is None:
            return "needs_facts"
        return "not_eligible" if self.award.blocked else "computed"


def merged(case: CaseFile) -> list[tuple[int, Matter]]:
    """Matters as the calculators see them (each over the shared facts): a yearly-total rule's
    matters summed into one."""
    out: list[tuple[int, Matter]] = []
    # One total per rule and calendar year ("去年七千六百万…今年又放了一亿一千万" are two
    # years' totals); a part not dated joins the rule's first total, of whatever year.
    totals: dict[tuple[str, int | None], tuple[int, Matter]] = {}
    for i in range(len(case.matters)):
        m = case.view(i)  # over the shared facts; a copy, so summing below changes nothing
        main = data()["yearly_total"].get(m.rule)
        if main is None:
            out.append((i, m))
            continue
        year = getattr(m.facts.get("event_date"), "year", None)
        mine = [k for k in totals if k[0] == m.rule and (year is None or k[1] in (year, None))]
        if not mine:
            totals[(m.rule, year)] = (i, m)
            out.append(totals[(m.rule, year)])
            continue
        _first, acc = totals[mine[0]]
        for name, value in m.facts.items():
            if name == main and value is not None:
                acc.facts[main] = Decimal(acc.facts.get(main) or 0) + Decimal(value)
            elif value is False or name not in acc.facts:
                acc.facts[name] = value  # a condition one part fails, fails the total
        acc.said = "；".join(filter(None, [acc.said, m.said]))
    return out


def compute_matters(case: CaseFile) -> list[Outcome]:
    """Every matter's award in order; shared yearly caps take what earlier matters used.

    What this measure already paid this year is one figure per applicant and rule (said once
    for the applicant, "今年已经从这条拿过8万"), so it is counted once, not once per matter.
    """
    shared = set(data()["cap_shared"])
    items = merged(case)
    start: dict[str, Decimal] = {}
    for _i, m in items:
        if m.rule in shared:
            got = Decimal(m.facts.get("received_this_year_yuan") or 0)
            start[m.rule] = max(start.get(m.rule, Decimal(0)), got)
    # A yearly cap is shared by the matters of one calendar year ("2025年一份…今年又一份": each
    # year has its own); a matter not dated may be of any year, so it shares every pool.
    used: dict[tuple[str, int | None], Decimal] = {}

    def taken(rule: str, year: int | None) -> Decimal:
        if year is None:
            return sum((v for (r, _y), v in used.items() if r == rule), Decimal(0))
        return used.get((rule, year), Decimal(0)) + used.get((rule, None), Decimal(0))

    outcomes = []
    for index, matter in items:
        given = matter.given()
        missing = missing_fields(matter.rule, given)
        if missing:
            outcomes.append(Outcome(index, matter, None, missing))
            continue
        day = given.get("event_date")
        pool = (matter.rule, getattr(day, "year", None))
        if matter.rule in shared:
            given["received_this_year_yuan"] = start[matter.rule] + taken(*pool)
        try:
            award = compute(matter.rule, given)
        except InputError as err:
            outcomes.append(Outcome(index, matter, None, [], error=str(err)))
            continue
        if matter.rule in shared:
            used[pool] = used.get(pool, Decimal(0)) + award.amount_yuan
        outcomes.append(Outcome(index, matter, award, []))
    return outcomes


def unmet(award: Award) -> list[str]:
    return [c.text for c in award.conditions if c.status == Status.NOT_MET]


__all__ = ["CaseFile", "Matter", "Outcome", "compute_matters", "merged"]
