"""People from CSV: a plain list, Google Contacts (old and current), Outlook,
LinkedIn, or an org chart.

The header is found by its names (up to 20 lines of preamble are skipped, as
LinkedIn writes), the delimiter by which of ``,`` ``;`` tab ``|`` gives the
header with most known columns. Each field takes the first column present of
its aliases, in the order below; every other column is named in the report as
ignored. A name comes from a name column, or from first, middle and last names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from allies.store.import_base import ImportFailed, ImportReport, PersonIn, add_people, one_line
from allies.store.repository import Repository

# Field -> header names that fill it, most specific first (compared without case,
# with runs of spaces as one and ’ as ').
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name", "employee name", "employee", "contact name"),
    "first": ("first name", "given name", "firstname"),
    "middle": ("middle name", "additional name"),
    "last": ("last name", "family name", "surname", "lastname"),
    # Outlook's "Title" is Mr/Ms; its job title is "Job Title", which comes first.
    "role": (
        "role",
        "job title",
        "organization title",
        "organization 1 - title",
        "position",
        "title",
    ),
    "org": (
        "org",
        "organisation",
        "organization",
        "company",
        "organization name",
        "organization 1 - name",
        "department",  # an org chart's; Outlook's comes after its Company
    ),
    "email": (
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "e-mail 1 - value",
        "email 1 - value",
        "primary email",
        "work email",
    ),
    "stance": ("stance",),
    "notes": ("notes", "note"),
    "manager": (
        "manager",
        "manager's name",
        "managers name",
        "manager name",
        "manager email",
        "reports to",
        "supervisor",
    ),
}
DELIMITERS = (",", ";", "\t", "|")
FORMULA_START = ("=", "+", "-", "@")
HEADER_SEARCH_ROWS = 20
LOOKED_FOR = (
    "a CSV header with a name column (name, full name, or first name and last name, "
    "as Google Contacts, Outlook and LinkedIn write them)"
)


def _norm(header: str) -> str:
    return " ".join(header.replace("\u2019", "'").strip().strip('"').split()).casefold()


def _columns(header: list[str]) -> dict[str, int]:
    """Field -> column index, for the fields this header has."""
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        positions.setdefault(_norm(name), i)
    found: dict[str, int] = {}
    for fname, aliases in ALIASES.items():
        for alias in aliases:
            if alias in positions:
                found[fname] = positions[alias]
                break
    return found


def _is_header(columns: dict[str, int]) -> bool:
    return "name" in columns or "first" in columns or "last" in columns


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells); a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        yield last + 1, row
        last = reader.line_num


def find_header(text: str) -> tuple[str, int, list[str]] | None:
    """(delimiter, header line, header cells) of the best header found, or None."""
    best: tuple[int, int, str, int, list[str]] | None = None
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            for n, (line, row) in enumerate(_rows(text, delimiter)):
                if n >= HEADER_SEARCH_ROWS:
                    break
                columns = _columns(row)
                if _is_header(columns):
                    score = (len(columns), -rank)
                    if best is None or score > (best[0], best[1]):
                        best = (score[0], score[1], delimiter, line, row)
                    break
        except csv.Error:
            continue
    if best is None:
        return None
    return best[2], best[3], best[4]


def looks_like_csv(text: str) -> bool:
    return find_header(text) is not None


def read_people(text: str, report: ImportReport) -> list[PersonIn]:
    """The people of a CSV file; rows that cannot be read are reported."""
    if not text.strip():
        raise ImportFailed("the CSV file is empty")
    found = find_header(text)
    if found is None:
        raise ImportFailed(f"the first line should be a header: looked for {LOOKED_FOR}")
    delimiter, header_line, header = found
    columns = _columns(header)
    used = set(columns.values())
    report.ignored_columns = [
        name.strip() or f"(column {i + 1}, no name)"
        for i, name in enumerate(header)
        if i not in used
    ]
    if delimiter != ",":
        report.notes.append(f"Columns separated by {_delimiter_name(delimiter)}.")
    people: list[PersonIn] = []
    rows = _rows(text, delimiter)
    while True:
        try:
            line, row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            report.problem(0, f"cannot read the rest of the file: {exc}")
            break
        if line <= header_line or not any(cell.strip() for cell in row):
            continue

        def cell(fname: str, row: list[str] = row) -> str:
            i = columns.get(fname)
            value = row[i] if i is not None and i < len(row) else ""
            # A spreadsheet-safe export writes '=x for =x: read it back as it was.
            return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_START else value

        name = cell("name").strip()
        if not name:
            name = one_line(" ".join(cell(f) for f in ("first", "middle", "last")))
        # Google's old format puts several addresses in one cell: "a@x ::: b@y".
        email = cell("email").split(":::")[0].strip()
        people.append(
            PersonIn(
                line=line,
                name=name,
                role=cell("role"),
                org=cell("org"),
                email=email,
                stance=cell("stance"),
                notes=cell("notes"),
                manager=cell("manager"),
            )
        )
    return people


def _delimiter_name(delimiter: str) -> str:
    return {";": "semicolons", "\t": "tabs", "|": "bars"}.get(delimiter, repr(delimiter))


def import_csv(
    repo: Repository, text: str, *, merge: bool = False, report: ImportReport | None = None
) -> ImportReport:
    """Add people from CSV text (see the module's docstring for the columns).

    Rows that cannot be added (no name, a bad stance or email, too long,
    already in the plan without ``merge``) are reported with their line
    number; the good rows are added, in one transaction. A manager column
    makes ``defers_to`` ties. Raises ImportFailed when no header is found.
    """
    report = report or ImportReport(format="csv")
    report.counts.setdefault("people", 0)
    people = read_people(text.lstrip("\ufeff"), report)
    with repo.transaction("import people from CSV"):
        add_people(repo, people, merge=merge, report=report)
    return report
