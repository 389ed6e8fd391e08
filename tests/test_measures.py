"""corpus/measures.yaml is proven against the text: a wrong unit list, quote or parameter fails.

corpus/facts.yaml declares each fact once; an entry that cannot be a fact is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from calculators.facts import FACTS_FILE, FactsError, vocabulary
from calculators.registry import RULES
from corpus.location import PACKAGE_DIR
from corpus.measures import MEASURES_FILE, MeasuresError, load_measures

SHIPPED = yaml.safe_load((PACKAGE_DIR / MEASURES_FILE).read_text(encoding="utf-8"))


def _load(tmp_path: Path, change) -> None:
    data = yaml.safe_load(yaml.safe_dump(SHIPPED, allow_unicode=True))
    change(data["measures"])
    path = tmp_path / MEASURES_FILE
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_measures(path)


def test_the_shipped_measures_load_and_cover_every_rule_and_part():
    measures = load_measures()
    assert len(measures.rules) == 12 and len(measures.parts) == 8
    assert measures.speaker("academic_service") == "university"
    assert measures.switch_for("academic_contract", "tech_service").id == "academic_service"


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["（六）"]["units"].pop(),  # 责任单位 differ from the text
        lambda m: m["（六）"]["rules"]["platform"].update(addressed="为所有企业服务"),
        lambda m: m["（六）"]["rules"]["platform"]["parameters"].append("financing_rate"),
        lambda m: m["（十）"]["parts"]["（十）"].update(applicants=["nobody"]),
        lambda m: m["（五）"]["rules"]["academic_service"].update(rate="academic_contract_rate"),
    ],
    ids=["units", "addressed", "parameter", "applicant", "share"],
)
def test_an_entry_the_text_does_not_support_is_refused(tmp_path, change):
    with pytest.raises(MeasuresError):
        _load(tmp_path, change)


# ------------------------------------------------------------------ the fact vocabulary
FACTS = yaml.safe_load((PACKAGE_DIR / FACTS_FILE).read_text(encoding="utf-8"))


def test_each_fact_is_declared_once_and_taken_by_a_rule():
    """One label per fact (the batch template's columns rely on it), and no dead declaration."""
    facts = vocabulary().facts
    labels = [f.label for f in facts.values()]
    assert len(labels) == len(set(labels))
    taken = {name for rule in RULES.values() for name in rule.facts}
    assert taken == set(facts)
    assert RULES["carrier"].label("in_valley") == RULES["workstation"].label("in_valley")
    assert RULES["platform"].fact("platform_type").name_of("pilot_base") == "中试基地"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["facts"]["role"].update(kind="text"),  # no such kind
        lambda d: d["facts"]["role"].pop("options"),  # a choice with nothing to choose
        lambda d: d["facts"]["carrier_level"]["options"].update(national="国字号"),  # 2 names
        lambda d: d["inputs"]["platform"]["facts"].append("platform_size"),  # undeclared
    ],
    ids=["kind", "options", "names", "undeclared"],
)
def test_a_fact_entry_that_cannot_be_a_fact_is_refused(tmp_path, change):
    data = yaml.safe_load(yaml.safe_dump(FACTS, allow_unicode=True))
    change(data)
    path = tmp_path / FACTS_FILE
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FactsError):
        vocabulary(path)
