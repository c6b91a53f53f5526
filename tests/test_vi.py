"""Every word users read comes from pipeline/vi/ (or the findings catalogue): none is typed in a module's code, and
every status and verdict has its label."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from factories import ROOT
from pipeline import vi
from pipeline.model import ActionStatus, Arrival, Severity, Status, Submitted, Verdict

VIETNAMESE = re.compile(r"[À-ỹĐđ]")
# Where Vietnamese is data rather than output: the catalogues themselves, the template's form (its headers are
# what the reader looks for), what the parsers recognise, and the demo's clerks typing their reports.
ALLOWED = ("vi/", "findings.py", "plan/layout.py", "plan/deadlines.py", "rules/cells.py", "text.py", "demo/")


def vietnamese_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and VIETNAMESE.search(node.value)]


def test_no_module_types_a_user_facing_word_outside_the_catalogues():
    package = ROOT / "pipeline"
    found = {str(p.relative_to(package)): lines for p in sorted(package.rglob("*.py"))
             if not str(p.relative_to(package)).startswith(ALLOWED) and (lines := vietnamese_literals(p))}
    assert found == {}


@pytest.mark.parametrize("table, enum", [(vi.SEVERITY_VI, Severity), (vi.VERDICT_VI, Verdict), (vi.STATUS_VI, Status),
                                         (vi.UNIT_STATUS_VI, Submitted), (vi.TIMELINESS_VI, Arrival),
                                         (vi.ACTION_STATUS_VI, ActionStatus), (vi.ACTION_SHORT_VI, ActionStatus)])
def test_every_status_and_verdict_has_its_label(table, enum):
    assert set(table) == {member.value for member in enum}
    assert all(table[member] for member in enum)          # looked up by the member itself


def test_an_empty_rate_reads_the_same_everywhere():
    assert vi.pct(None) == "—" and vi.pct(0.9194) == "91,9%" and vi.pct(1.0) == "100,0%"
