"""Issue 20, point 9: every malformed import is one clear message and a non-zero exit,
with nothing left behind — and a fuzz test of ``allies import`` (JSON and CSV)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allies.store.repository import Repository
from allies.tui.cli import main

MALFORMED_JSON = {
    "5000-digit integer": b'{"meta": {"1": {"schema": ' + b"9" * 5000 + b"}}}",
    "100000 nested brackets": b"[" * 100_000 + b"]" * 100_000,
    "100000 nested objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "lone surrogate in a name": (
        b'{"meta": {"1": {"schema": 2, "title": "x", "agenda": "", "consensus_threshold": 0.6,'
        b' "min_wins_before_group": 1, "last_review": null,'
        b' "created": "2026-01-01T00:00:00+00:00"}},'
        b' "people": {"1": {"name": "\\ud800", "role": "", "org": "", "decider": false,'
        b' "stance": "unknown", "notes": "", "tags": [], "last_contact": null,'
        b' "created": "2026-01-01T00:00:00+00:00", "updated": "2026-01-01T00:00:00+00:00",'
        b' "email": ""}}}'
    ),
    "integer beyond 64 bits": b'{"meta": {"1": {"schema": 18446744073709551616}}}',
    "id key of 5000 digits": b'{"meta": {"1": {"schema": 2}}, "people": {"'
    + b"1" * 5000
    + b'": {}}}',
    "not an object": b"[1, 2, 3]",
    "truncated": b'{"meta": {"1": {"schema": 2',
    "binary": bytes(range(256)) * 4,
}


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


@pytest.mark.parametrize("name", sorted(MALFORMED_JSON))
def test_a_malformed_file_into_a_new_path_is_one_message_and_leaves_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(MALFORMED_JSON[name])
    target = tmp_path / "new" / "plan.json"
    assert main(["import", str(bad), "--db", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("allies: ") and "Traceback" not in captured.err
    assert len(captured.err.splitlines()) <= 3 and len(captured.err) < 2000
    assert "nothing was imported" in captured.err
    assert not (tmp_path / "new").exists()  # no plan, no lock, no folder


@pytest.mark.parametrize("name", sorted(MALFORMED_JSON))
def test_a_malformed_file_into_an_existing_plan_leaves_it_byte_identical(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.json"
    with Repository.open(target) as repo:
        repo.add_person("Dana")
    before = target.read_bytes()
    files = leftovers(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_bytes(MALFORMED_JSON[name])
    assert main(["import", str(bad), "--db", str(target), "--merge"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert target.read_bytes() == before
    assert [f for f in leftovers(tmp_path) if f != "bad.json" and "backups" not in f] == [
        f for f in files if "backups" not in f
    ]


def test_a_crash_inside_an_import_into_a_new_path_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import allies.store.importer as importer

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(importer, "import_csv", boom)
    people = tmp_path / "people.csv"
    people.write_text("name\nDana\n")
    target = tmp_path / "fresh" / "deeper" / "plan.json"
    assert main(["import", str(people), "--db", str(target)]) == 1
    err = capsys.readouterr().err
    assert "something unexpected" in err and "nothing was imported" in err
    assert not (tmp_path / "fresh").exists()


# ---------------------------------------------------------------------- fuzz

# JSON-ish documents: real plan shapes with odd values, and random JSON.
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)
_json = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_record = st.dictionaries(
    st.sampled_from(
        ["name", "role", "stance", "title", "start", "attendees", "minutes", "uid", "email"]
    ),
    _json,
    max_size=6,
)
_plan = st.fixed_dictionaries(
    {
        "meta": st.dictionaries(
            st.sampled_from(["1", "0", "x"]),
            st.fixed_dictionaries({"schema": st.sampled_from([0, 1, 2, 3, "2", None])}),
            max_size=1,
        ),
    },
    optional={
        "people": st.dictionaries(st.sampled_from(["1", "2", "01", "-1"]), _record, max_size=3),
        "meetings": st.dictionaries(st.sampled_from(["1", "2"]), _record, max_size=2),
    },
)
_json_bytes = st.one_of(
    _plan.map(lambda d: json.dumps(d).encode()),
    _json.map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=200).map(lambda b: b"{" + b),
)
_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_csv_bytes = st.tuples(
    st.lists(
        st.sampled_from(["name", "Name", "role", "org", "stance", "email", "manager", "x", ""]),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.lists(_cell, max_size=6), max_size=5),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
).map(
    lambda t: (t[2].join(t[0]) + "\n" + "\n".join(t[2].join(row) for row in t[1]) + "\n").encode(
        t[3], errors="replace"
    )
)


def _fuzz_once(
    tmp_path: Path, data: bytes, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / f"case{os.urandom(6).hex()}"
    case.mkdir()
    source = case / f"in{suffix}"
    source.write_bytes(data)
    target = case / "plan" / "plan.json"
    try:
        code = main(["import", str(source), "--db", str(target)])
    except SystemExit as exc:  # argparse only; never expected here
        pytest.fail(f"exited through SystemExit({exc.code})")
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code in (0, 1)
    if not target.exists():
        assert not (case / "plan").exists()  # a failure leaves nothing behind
    if target.exists():
        with Repository.open(target, read_only=True) as repo:  # what was written opens
            assert repo.meta is not None


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=_json_bytes)
def test_fuzz_json_imports_never_crash(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fuzz_once(tmp_path, data, ".json", capsys)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=_csv_bytes)
def test_fuzz_csv_imports_never_crash(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fuzz_once(tmp_path, data, ".csv", capsys)


# vCard and iCalendar: real property names with odd values, in any order, often unbalanced.
_VCARD_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            ["BEGIN:VCARD", "END:VCARD", "VERSION:3.0", "VERSION:4.0", "N:;;;", "FN:", " x"]
        ),
        st.tuples(
            st.sampled_from(["FN", "N", "ORG", "TITLE", "EMAIL;TYPE=pref", "NOTE", "X-Y;A=B"]),
            _cell,
        ).map(lambda t: f"{t[0]}:{t[1]}"),
    ),
    max_size=12,
).map(lambda lines: ("BEGIN:VCARD\r\n" + "\r\n".join(lines) + "\r\nEND:VCARD\r\n").encode())
_ICS_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "BEGIN:VEVENT",
                "END:VEVENT",
                "DTSTART:20261203T100000Z",
                "DTSTART;VALUE=DATE:20261203",
                "DTSTART;TZID=Mars/Olympus:20261203T100000",
                "DTEND:20261203T090000Z",
                "DURATION:PT45M",
                "RRULE:FREQ=WEEKLY",
                "STATUS:CANCELLED",
                "ATTENDEE;CN=Dana:mailto:dana@example.org",
            ]
        ),
        st.tuples(
            st.sampled_from(["SUMMARY", "UID", "SEQUENCE", "DTSTART", "DURATION", "ATTENDEE"]),
            _cell,
        ).map(lambda t: f"{t[0]}:{t[1]}"),
    ),
    max_size=14,
).map(
    lambda lines: (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n"
    ).encode()
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.one_of(_VCARD_LINES, _ICS_LINES))
def test_fuzz_vcard_and_ics_imports_never_crash(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fuzz_once(tmp_path, data, ".txt", capsys)
