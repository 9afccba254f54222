"""Reading and writing `.pb` files, the format of the pabulib library of real elections.

A `.pb` file (pabulib.org/format) is text in three sections, each a header line naming the
section, a line of column names, then rows, with fields separated by `;` (and quoted with
`"` when they hold a `;`):

    META
    key;value
    description;Riverside 2026
    budget;250000
    vote_type;approval
    PROJECTS
    project_id;cost;name
    1;50000;New benches
    VOTES
    voter_id;vote
    1;1,3

Reading is tolerant of what real files hold: upper- or lower-case section names, blank
lines, quoted fields, extra columns (kept in `project_meta` and `voter_meta`), `None` for an
empty field, costs written `50000.0`. `vote_type` `approval` and `choose-1` are approval
ballots, `cumulative` are points; `ordinal` (ranked) ballots are counted as approval of every
ranked project, and `meta["vote_type"]` keeps saying `ordinal`. `scoring` ballots (points
that are not a shared budget of points) are refused: no rule here counts them.

Every problem is reported as `PbError` with the line number, and nothing is half-read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from coproduce.budgeting.counting.model import CountingError, Election, Project

SECTIONS = ("meta", "projects", "votes")
APPROVAL_TYPES = ("approval", "choose-1", "ordinal")


class PbError(CountingError):
    """The file is not a `.pb` file this reader can count; the message gives the line."""


@dataclass
class PbFile:
    election: Election
    meta: dict[str, str] = field(default_factory=dict)
    project_meta: dict[str, dict[str, str]] = field(default_factory=dict)
    voter_meta: list[dict[str, str]] = field(default_factory=list)


def _whole(text: str, what: str, line: int) -> int:
    cleaned = text.strip().replace(" ", "")
    try:
        number = float(cleaned.replace(",", ".")) if "," in cleaned else float(cleaned)
    except ValueError:
        raise PbError(f"Line {line}: {what} must be a number, not {text!r}.") from None
    if not number.is_integer() or number < 0:
        raise PbError(f"Line {line}: {what} must be a whole number of 0 or more, not {text!r}.")
    return int(number)


@dataclass
class _Reader:
    meta: dict[str, str] = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)
    projects: list[Project] = field(default_factory=list)
    project_meta: dict[str, dict[str, str]] = field(default_factory=dict)
    ballots: list[dict[str, int]] = field(default_factory=list)
    voter_meta: list[dict[str, str]] = field(default_factory=list)
    section: str = ""
    header: list[str] = field(default_factory=list)

    def row(self, line: int, cells: list[str]) -> None:
        if self.section == "meta":
            if len(cells) < 2:
                raise PbError(f"Line {line}: a META line needs a key and a value.")
            self.meta[cells[0]] = cells[1]
            self.meta_lines[cells[0]] = line
        elif self.section == "projects":
            self.project(line, cells)
        elif self.section == "votes":
            self.vote(line, cells)
        else:
            raise PbError(f"Line {line}: expected a META, PROJECTS or VOTES section first.")

    def fields(self, line: int, cells: list[str]) -> dict[str, str]:
        if len(cells) > len(self.header):
            raise PbError(
                f"Line {line}: {len(cells)} fields but the header names {len(self.header)}."
            )
        return {
            key: value
            for key, value in zip(self.header, cells, strict=False)
            if value.lower() != "none"
        }

    def project(self, line: int, cells: list[str]) -> None:
        row = self.fields(line, cells)
        project_id = row.get("project_id", cells[0] if cells else "")
        if not project_id:
            raise PbError(f"Line {line}: a project needs a project_id.")
        if project_id in self.project_meta:
            raise PbError(f"Line {line}: project {project_id!r} is listed twice.")
        if "cost" not in row:
            raise PbError(f"Line {line}: project {project_id!r} has no cost.")
        cost = _whole(row["cost"], f"the cost of project {project_id!r}", line)
        self.projects.append(Project(project_id, cost, row.get("name", "")))
        self.project_meta[project_id] = row

    def vote(self, line: int, cells: list[str]) -> None:
        row = self.fields(line, cells)
        kind = self.meta.get("vote_type", "approval").strip().lower()
        chosen = [p.strip() for p in row.pop("vote", "").split(",") if p.strip()]
        unknown = [p for p in chosen if p not in self.project_meta]
        if unknown:
            raise PbError(f"Line {line}: the vote names unknown project {unknown[0]!r}.")
        if len(set(chosen)) != len(chosen):
            raise PbError(f"Line {line}: the vote names the same project twice.")
        if kind in APPROVAL_TYPES:
            row.pop("points", None)
            ballot = dict.fromkeys(chosen, 1)
        else:
            points = [p.strip() for p in row.pop("points", "").split(",") if p.strip()]
            if len(points) != len(chosen):
                raise PbError(
                    f"Line {line}: {len(chosen)} projects but {len(points)} points in this vote."
                )
            ballot = {p: _whole(n, "points", line) for p, n in zip(chosen, points, strict=True)}
        self.ballots.append(ballot)
        self.voter_meta.append(row)

    def start_section(self, line: int, name: str, header: list[str] | None) -> None:
        if name in ("projects", "votes") and not self.meta:
            raise PbError(f"Line {line}: the META section must come first.")
        if name == "votes":
            if not self.projects:
                raise PbError(f"Line {line}: the PROJECTS section must come before VOTES.")
            kind = self.meta.get("vote_type", "approval").strip().lower()
            if kind not in (*APPROVAL_TYPES, "cumulative"):
                raise PbError(
                    f"Line {line}: ballots of type {kind!r} cannot be counted here "
                    "(only approval, choose-1, ordinal and cumulative)."
                )
        if header is None:
            raise PbError(f"Line {line}: the {name.upper()} section has no header line.")
        self.section = name
        self.header = [h.strip() for h in header]

    def election(self) -> PbFile:
        if "budget" not in self.meta:
            raise PbError("The META section has no budget.")
        budget = _whole(self.meta["budget"], "the budget", self.meta_lines.get("budget", 0))
        kind = self.meta.get("vote_type", "approval").strip().lower()
        election = Election(
            budget=budget,
            projects=tuple(self.projects),
            ballots=self.ballots,
            kind="cumulative" if kind == "cumulative" else "approval",
        )
        return PbFile(election, self.meta, self.project_meta, self.voter_meta)


def _lines(source: str | Path) -> str:
    # Only a Path is read from disk: text that came from a person is never taken for a file name.
    if isinstance(source, Path):
        try:
            return Path(source).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise PbError(f"{source} is not a text file in UTF-8.") from None
        except OSError as error:
            raise PbError(f"Cannot read {source}: {error.strerror or error}.") from None
    return source


def read_pb(source: str | Path) -> PbFile:
    """Read a `.pb` file from a Path, or from its text given as a str."""
    reader = _Reader()
    rows = csv.reader(io.StringIO(_lines(source).lstrip("\ufeff")), delimiter=";")
    try:
        for cells in rows:
            line = rows.line_num
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            name = cells[0].lower()
            if name in SECTIONS and not any(cells[1:]):
                reader.start_section(line, name, next(rows, None))
            else:
                reader.row(line, cells)
    except csv.Error as error:
        raise PbError(f"Line {rows.line_num}: {error}.") from None
    pb = reader.election()
    if not pb.election.projects:
        raise PbError("The file lists no projects.")
    return pb


def write_pb(pbfile: PbFile) -> str:
    """The `.pb` text of `pbfile`, which `read_pb` (and pabutools) read back the same."""
    election = pbfile.election
    cumulative = election.kind == "cumulative"
    meta = dict(pbfile.meta)
    meta.update(
        num_projects=str(len(election.projects)),
        num_votes=str(len(election.ballots)),
        budget=str(election.budget),
    )
    if cumulative or meta.get("vote_type", "").lower() not in APPROVAL_TYPES:
        meta["vote_type"] = election.kind
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(meta.items())

    extra = _columns(pbfile.project_meta.values(), ("project_id", "cost", "name"))
    writer.writerow(["PROJECTS"])
    writer.writerow(["project_id", "cost", "name", *extra])
    for project in election.projects:
        more = pbfile.project_meta.get(project.id, {})
        writer.writerow(
            [project.id, project.cost, project.name, *(more.get(k, "None") for k in extra)]
        )

    extra = _columns(pbfile.voter_meta, ("voter_id", "vote", "points"))
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote", *(["points"] if cumulative else []), *extra])
    for number, ballot in enumerate(election.ballots):
        more = pbfile.voter_meta[number] if number < len(pbfile.voter_meta) else {}
        row = [more.get("voter_id", str(number + 1)), ",".join(ballot)]
        if cumulative:
            # pabulib writes None for an empty field; pabutools needs it for no points.
            row.append(",".join(str(points) for points in ballot.values()) or "None")
        writer.writerow([*row, *(more.get(k, "None") for k in extra)])
    return out.getvalue()


def _columns(rows: object, fixed: tuple[str, ...]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:  # type: ignore[attr-defined]
        for key in row:
            if key not in fixed:
                columns.setdefault(key)
    return list(columns)
