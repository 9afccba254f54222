"""`coproduce pb count`: counts a `.pb` file with no server, no database and no Django."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .test_pb import REAL_LOOKING

SRC = str(Path(__file__).resolve().parents[3] / "src")
# Runs the command the way the installed `coproduce` script does, then says whether anything
# imported Django on the way.
PROGRAM = (
    "import sys\n"
    "from coproduce.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "finally:\n"
    "    print('django loaded' if 'django' in sys.modules else '', file=sys.stderr)\n"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "COPRODUCE_VAR_DIR"}
    }
    env["PYTHONPATH"] = SRC
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"  # any use of it would fail
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def pb_file(tmp_path: Path) -> Path:
    path = tmp_path / "riverside.pb"
    path.write_text(REAL_LOOKING, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rule", "winners"),
    [
        ("greedy", "1\n3\n"),
        ("equal-shares", "1\n3\n"),
        ("equal-shares-approval", "1\n3\n"),
        ("utilitarian", "1\n3\n"),
    ],
)
def test_prints_the_winners_one_per_line(pb_file: Path, rule: str, winners: str) -> None:
    result = run("pb", "count", str(pb_file), "--rule", rule)
    assert result.returncode == 0, result.stderr
    assert result.stdout == winners
    assert "django loaded" not in result.stderr


def test_explain_gives_one_line_per_project(pb_file: Path) -> None:
    result = run("pb", "count", str(pb_file), "--rule", "equal-shares", "--explain")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["1", "2", "3"]
    assert lines[0].startswith("1: Chosen in round 1")
    assert lines[1].startswith("2: Not chosen: its 2 supporters had")
    assert "after Equal Shares, by votes" in lines[2]


def test_default_rule_is_equal_shares(pb_file: Path) -> None:
    assert run("pb", "count", str(pb_file)).stdout == "1\n3\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Cannot read"),
        ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;ten\n", "Line 6: the cost"),
        ("not a pb file\nat all\n", "Line 1: expected a META, PROJECTS or VOTES section"),
    ],
)
def test_a_bad_file_gets_a_message_and_a_failure_code(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "bad.pb"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("pb", "count", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_rule_is_refused(pb_file: Path) -> None:
    result = run("pb", "count", str(pb_file), "--rule", "borda")
    assert result.returncode == 2
    assert "invalid choice: 'borda'" in result.stderr
