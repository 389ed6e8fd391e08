"""axe-core in the Chromium tests: the page's accessibility, checked as it is on screen.

axe-core comes from npm (pinned in package.json/package-lock.json; `make install-test` runs
`npm ci`); a test that uses it is skipped where it is not installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
needs_axe = pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed (npm ci)")


def axe_violations(page: Any) -> list[dict]:
    """The serious and critical violations axe-core finds on ``page`` as it is now (every rule
    of its default set)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def described(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:4])
        for v in violations
    )
