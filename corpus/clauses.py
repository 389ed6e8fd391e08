"""Parse the verbatim policy text into sections, measures （一）…（十四） and the 附则.

Every clause body is a slice of the source text, so a quote shown to a user can always be
found again in the published document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from corpus.location import POLICY_FILE, corpus_file

POLICY_PATH = Path(__file__).with_name(POLICY_FILE)  # the shipped text (the default corpus)
APPENDIX_LABEL = "附则"

_SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_MEASURE = re.compile(r"^（([一二三四五六七八九十]+)）(.+)$")
_UNITS = re.compile(r"（责任单位：([^）]+)）")


@dataclass(frozen=True)
class Clause:
    """One citable unit: a measure such as （三） or the 附则."""

    label: str  # exactly as written: "（三）" or "附则"
    number: int  # 1..14 for measures, 15 for the 附则
    section: str  # e.g. "二、支持开展科技创新"
    title: str  # e.g. "支持开展关键核心技术攻关"
    body: str  # the text under the heading, verbatim (paragraphs joined by "\n")
    units: tuple[str, ...] = ()  # parsed from （责任单位：…）

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n") if p.strip()]

    def sentence(self, keyword: str) -> str:
        """The sentence of this clause containing ``keyword``, verbatim, with its 。"""
        for paragraph in self.paragraphs:
            for sentence in paragraph.split("。"):
                if keyword in sentence:
                    return sentence + "。"
        raise KeyError(keyword)

    @property
    def heading(self) -> str:
        return self.title if self.label == APPENDIX_LABEL else f"{self.label}{self.title}"


@dataclass(frozen=True)
class Policy:
    title: str
    preamble: str
    sections: tuple[str, ...]
    clauses: tuple[Clause, ...]
    text: str = field(repr=False)

    @property
    def measures(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.label != APPENDIX_LABEL)

    @property
    def appendix(self) -> Clause:
        return self.clause(APPENDIX_LABEL)

    def clause(self, label: str) -> Clause:
        for c in self.clauses:
            if c.label == label:
                return c
        raise KeyError(label)

    def labels(self) -> list[str]:
        return [c.label for c in self.clauses]


def _cn_index(numeral: str) -> int:
    digits = "一二三四五六七八九"
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + digits.index(numeral[1]) + 1
    return digits.index(numeral) + 1


def parse_policy(text: str) -> Policy:
    lines = [ln for ln in text.split("\n")]
    content = [ln.strip() for ln in lines if ln.strip()]
    # The title is printed over two lines before the indented preamble.
    title_lines: list[str] = []
    i = 0
    while i < len(content) and not content[i].startswith("为"):
        title_lines.append(content[i])
        i += 1
    title = "".join(title_lines)
    preamble = content[i]
    i += 1

    sections: list[str] = []
    clauses: list[Clause] = []
    current_section = ""
    heading: tuple[str, int, str] | None = None
    body: list[str] = []

    def flush() -> None:
        if heading is None:
            return
        label, number, head_title = heading
        joined = "\n".join(body)
        units = _UNITS.findall(joined)
        unit_list = tuple(u.strip() for u in units[-1].split("、")) if units else ()
        clauses.append(Clause(label, number, current_section, head_title, joined, unit_list))

    for line in content[i:]:
        if m := _SECTION.match(line):
            flush()
            heading, body = None, []
            current_section = line
            sections.append(line)
            if m.group(2) == APPENDIX_LABEL:
                heading = (APPENDIX_LABEL, 15, APPENDIX_LABEL)
            continue
        if m := _MEASURE.match(line):
            flush()
            heading, body = (f"（{m.group(1)}）", _cn_index(m.group(1)), m.group(2)), []
            continue
        body.append(line)
    flush()
    return Policy(title, preamble, tuple(sections), tuple(clauses), text)


def load_policy(path: Path | None = None) -> Policy:
    """The parsed policy text of the corpus directory (see :mod:`corpus.location`)."""
    return _parsed(path or corpus_file(POLICY_FILE))


@cache
def _parsed(path: Path) -> Policy:
    return parse_policy(path.read_text(encoding="utf-8"))
