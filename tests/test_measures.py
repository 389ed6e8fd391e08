"""corpus/measures.yaml is proven against the text: a wrong unit list, quote or parameter fails."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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
    assert len(measures.rules) == 12 and len(measures.parts) == 7
    assert measures.speaker("academic_service") == "university"
    assert measures.switch_for("academic_contract", "tech_service").id == "academic_service"


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["（六）"]["units"].pop(),  # 责任单位 differ from the text
        lambda m: m["（六）"]["rules"]["platform"].update(addressed="为所有企业服务"),
        lambda m: m["（六）"]["rules"]["platform"]["parameters"].append("financing_rate"),
        lambda m: m["（十）"]["parts"]["（十）"].update(applicants=["nobody"]),
    ],
    ids=["units", "addressed", "parameter", "applicant"],
)
def test_an_entry_the_text_does_not_support_is_refused(tmp_path, change):
    with pytest.raises(MeasuresError):
        _load(tmp_path, change)
