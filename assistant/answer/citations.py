"""Citations: the verbatim sentences behind a rule's figures, for every reply that names it."""

from __future__ import annotations

from calculators.model import Citation
from calculators.registry import Rule, rule_parameters
from corpus.clauses import load_policy


def verbatim_sentences(label: str, quotes: list[str]) -> list[str]:
    """The sentences of clause ``label`` that hold any of ``quotes``, in the text's order."""
    clause = load_policy().clause(label)
    found = []
    for paragraph in clause.paragraphs:
        for sentence in paragraph.split("。"):
            if sentence.strip() and any(q and q in sentence for q in quotes):
                found.append(sentence + "。")
    covered = "".join(found)
    found += [q for q in quotes if q not in covered]  # a quote across a full stop: as quoted
    return found


def rule_citations(rule: Rule) -> list[Citation]:
    quotes = dict.fromkeys(p.quote for p in rule_parameters(rule.id))
    return [Citation(clause=rule.clause, quote=q) for q in quotes]
