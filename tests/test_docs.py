"""The README documents every finding code and every command, and every command has help with an example."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from factories import ROOT
from pipeline.cli import main
from pipeline.findings import CATALOGUE

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_finding_code_is_documented():
    missing = [code for code in CATALOGUE if f"| `{code}` |" not in README]
    assert missing == []


def test_every_command_is_documented():
    missing = [name for name in main.commands if f"mtcl {name}" not in README]
    assert missing == []


def test_readme_shows_the_two_commands():
    assert "make demo" in README and "make test" in README


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
