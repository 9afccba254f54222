"""Reading and writing `.pb` files: real-file quirks, round trips, and pabutools' own parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from pabutools.election.pabulib import parse_pabulib, parse_pabulib_from_string

from coproduce.budgeting.counting import Election, count
from coproduce.budgeting.counting.pb import PbError, PbFile, read_pb, write_pb

from .reference import random_election

REAL_LOOKING = """\ufeffMETA
key;value
description;"Riverside; ward budget 2026"
country;United Kingdom
unit;Riverside
instance;2026
num_projects;3
num_votes;4
budget;100000.0
vote_type;approval
rule;greedy
max_length;2
PROJECTS
project_id;cost;votes;name;category;target
1;60000;3;"Benches; by the river";environment,public space;seniors
2;50000;2;Street lights;None;None
3;40000;2;Trees;environment;children

VOTES
voter_id;age;sex;voting_method;vote
v1;30;F;internet;1,2
v2;None;M;paper;1,3
v3;44;F;internet;2
v4;50;None;internet;3,1
"""


def _same(a: Election, b: Election) -> None:
    assert (a.budget, a.projects, a.kind) == (b.budget, b.projects, b.kind)
    assert [dict(x) for x in a.ballots] == [dict(x) for x in b.ballots]


def test_reads_a_file_like_pabulibs() -> None:
    pb = read_pb(REAL_LOOKING)
    election = pb.election
    assert election.budget == 100_000
    assert [(p.id, p.cost, p.name) for p in election.projects] == [
        ("1", 60_000, "Benches; by the river"),
        ("2", 50_000, "Street lights"),
        ("3", 40_000, "Trees"),
    ]
    assert election.ballots[1] == {"1": 1, "3": 1}
    assert pb.meta["description"] == "Riverside; ward budget 2026"
    assert pb.project_meta["1"]["category"] == "environment,public space"
    assert "category" not in pb.project_meta["2"]  # None means empty
    assert pb.voter_meta[0] == {
        "voter_id": "v1",
        "age": "30",
        "sex": "F",
        "voting_method": "internet",
    }
    assert count(election, "greedy").winners == ("1", "3")


def test_reads_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "riverside.pb"
    path.write_text(REAL_LOOKING, encoding="utf-8")
    _same(read_pb(path).election, read_pb(REAL_LOOKING).election)


def test_cumulative_and_ordinal_ballots() -> None:
    cumulative = REAL_LOOKING.replace("vote_type;approval", "vote_type;cumulative").replace(
        "voter_id;age;sex;voting_method;vote", "voter_id;age;sex;voting_method;vote;points"
    )
    cumulative = cumulative.replace(";1,2\n", ";1,2;3,2\n").replace(";1,3\n", ";1,3;1.0,4\n")
    cumulative = cumulative.replace(";2\nv4", ";2;5\nv4").replace(";3,1\n", ";3,1;2,2\n")
    election = read_pb(cumulative).election
    assert election.kind == "cumulative"
    assert election.ballots[0] == {"1": 3, "2": 2} and election.ballots[1] == {"1": 1, "3": 4}
    ordinal = read_pb(REAL_LOOKING.replace("vote_type;approval", "vote_type;ordinal"))
    assert ordinal.election.kind == "approval" and ordinal.meta["vote_type"] == "ordinal"
    assert ordinal.election.ballots[3] == {"3": 1, "1": 1}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("vote_type;approval", "vote_type;scoring"), "Line 19: ballots of type 'scoring'"),
        (
            ("v3;44;F;internet;2", "v3;44;F;internet;7"),
            "Line 23: the vote names unknown project '7'",
        ),
        (("2;50000;2;", "2;fifty;2;"), "Line 16: the cost of project '2' must be a number"),
        (("2;50000;2;", "2;-5;2;"), "Line 16: the cost of project '2' must be a whole number"),
        (("3;40000;2;", "1;40000;2;"), "Line 17: project '1' is listed twice"),
        (("v1;30;F;internet;1,2", "v1;30;F;internet;1,1"), "Line 21: the vote names the same"),
        (("v2;None;M;paper;1,3", "v2;None;M;paper;1,3;x"), "Line 22: 6 fields but the header"),
        (("budget;100000.0\n", ""), "no budget"),
        (("budget;100000.0", "budget;lots"), "the budget must be a number"),
        (("PROJECTS\n", "PROJETS\n"), "Line 13: a META line needs a key and a value"),
    ],
)
def test_malformed_files_are_refused_with_the_line(change: tuple[str, str], message: str) -> None:
    text = REAL_LOOKING.replace(*change)
    assert text != REAL_LOOKING
    with pytest.raises(PbError) as error:
        read_pb(text)
    assert message in str(error.value)


def test_votes_before_projects_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(PbError, match="Line 1: the META section must come first"):
        read_pb("PROJECTS\nproject_id;cost\n1;5\n")
    with pytest.raises(PbError, match="PROJECTS section must come before VOTES"):
        read_pb("META\nkey;value\nbudget;5\nVOTES\nvoter_id;vote\n1;1\n")
    with pytest.raises(PbError, match="Cannot read"):
        read_pb(tmp_path / "missing.pb")
    binary = tmp_path / "binary.pb"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(PbError, match="not a text file"):
        read_pb(binary)
    with pytest.raises(PbError, match="no projects"):
        read_pb("META\nkey;value\nbudget;5\n")


@pytest.mark.parametrize("seed", range(60))
def test_round_trip_and_pabutools_reads_what_we_write(seed: int) -> None:
    election = random_election(seed)
    text = write_pb(PbFile(election, meta={"description": f"Seed {seed}; random"}))
    again = read_pb(text)
    _same(again.election, election)
    assert write_pb(again) == text
    if not election.ballots:
        return  # pabutools cannot tell the vote type of a file with no votes in it
    instance, profile = parse_pabulib_from_string(text)
    assert instance.budget_limit == election.budget
    assert {(p.name, p.cost) for p in instance} == {(p.id, p.cost) for p in election.projects}
    theirs = [{p.name: int(b[p]) if isinstance(b, dict) else 1 for p in b} for b in profile]
    assert theirs == [dict(b) for b in election.ballots]


def test_pabutools_reads_a_written_real_file(tmp_path: Path) -> None:
    pb = read_pb(REAL_LOOKING)
    path = tmp_path / "out.pb"
    path.write_text(write_pb(pb), encoding="utf-8")
    instance, profile = parse_pabulib(str(path))
    assert instance.meta["description"] == "Riverside; ward budget 2026"
    assert {p.name: p.cost for p in instance} == {"1": 60_000, "2": 50_000, "3": 40_000}
    assert [sorted(p.name for p in b) for b in profile] == [
        ["1", "2"],
        ["1", "3"],
        ["2"],
        ["1", "3"],
    ]
    assert [b.meta.get("age") for b in profile] == ["30", None, "44", "50"]
    assert read_pb(path).voter_meta == pb.voter_meta
