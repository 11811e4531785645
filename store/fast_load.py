"""Building records from a well-formed plan without checking every field twice.

Opening a plan builds every record with ``Record.from_doc`` (each field
converted and type-checked by its own function) and then ``validate()`` (each
text cleaned, ranges checked, lists de-duplicated): about 8 µs a record, most
of the time it takes to open a large plan. Almost every stored record is
already exactly right, and for such a record both steps change nothing.

``builder(cls)`` returns a function that takes the same stored document and
either returns the very record the checking path would return, or ``None``
when anything is even slightly off: a missing field, an unexpected type, a
date without a UTC offset, text that cleaning would change, a value out of
range. The caller then takes the checking path, so a bad file is reported with
exactly the same messages as before. The builder is generated code (one
straight-line function per table, compiled on first use), because a loop
over converter functions costs as much as the checks it is meant to save.

Every condition below mirrors a ``validate()`` method in store/model.py;
tests/store/test_fast_load.py holds the two paths equal on every table of the
demo and large plans and on documents with every field made wrong in turn.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from allies.store.limits import MAX_YEAR, MIN_YEAR
from allies.store.model import (
    EMAIL_MAX,
    EMAIL_SHAPE,
    UID_MAX,
    EnumField,
    MeetingKind,
    Record,
    _as_bool,
    _as_date,
    _as_datetime,
    _as_ids,
    _as_int,
    _as_opt_date,
    _as_opt_datetime,
    _as_opt_int,
    _as_str,
    _as_strs,
)
from allies.store.text import (
    NAME_MAX,
    NEEDS_STRIPPING,
    NEEDS_STRIPPING_MULTILINE,
    NOTE_MAX,
    SHORT_MAX,
    TITLE_MAX,
)

Builder = Callable[[int, Any], Record | None]

# Text fields as validate() cleans them: (longest, required, several lines).
TEXTS: dict[str, dict[str, tuple[int, bool, bool]]] = {
    "people": {
        "name": (NAME_MAX, True, False),
        "role": (SHORT_MAX, False, False),
        "org": (SHORT_MAX, False, False),
        "notes": (NOTE_MAX, False, True),
        "email": (EMAIL_MAX, False, False),
    },
    "stance_log": {"note": (NOTE_MAX, False, True)},
    "ties": {"note": (SHORT_MAX, False, False)},
    "interests": {"text": (SHORT_MAX, True, False)},
    "trades": {"offer": (SHORT_MAX, True, False), "ask": (SHORT_MAX, False, False)},
    "wins": {"title": (TITLE_MAX, True, False), "notes": (NOTE_MAX, False, True)},
    "meetings": {
        "title": (TITLE_MAX, True, False),
        "outcome": (NOTE_MAX, False, True),
        "uid": (UID_MAX, True, False),
    },
    "reviews": {"notes": (NOTE_MAX, False, True)},
}
# Lists of one-line text (Person.tags): each kept as it is when clean and non-empty.
TAG_MAX = 40
# The rest of each validate(): conditions under which it neither raises nor changes anything.
RULES: dict[str, str] = {
    "people": "(not email or email_shape(email) is not None)",
    "ties": "source != target and 1 <= strength <= 3",
    "interests": "1 <= priority <= 3",
    "wins": "builds_on != doc_id and len(set(people)) == len(people)",
    "meetings": (
        "attendees and len(set(attendees)) == len(attendees)"
        " and len(set(looked_to)) == len(looked_to)"
        " and 1 <= minutes <= 1440"
        " and kind is (ONE_ON_ONE if len(attendees) == 1 else GROUP)"
        " and sequence >= 0"
    ),
}

_BUILDERS: dict[type[Record], Builder] = {}


def builder(cls: type[Record]) -> Builder:
    """The fast builder of ``cls`` records (made once, on first use)."""
    found = _BUILDERS.get(cls)
    if found is None:
        found = _BUILDERS[cls] = _make_builder(cls)
    return found


# Names the generated code uses for itself, which no field may take.
_OWN_NAMES = {
    "email_shape",
    "doc",
    "doc_id",
    "record",
    "x",
    "t",
    "type",
    "len",
    "set",
    "all",
    "tuple",
    "None",
}


def _make_builder(cls: type[Record]) -> Builder:
    names = list(cls.SPEC)
    fields = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__") or fields != {"id", *names} or _OWN_NAMES & fields:
        raise TypeError(f"{cls.__name__}: no fast builder for this record class")
    env: dict[str, Any] = {
        "new": object.__new__,
        "cls": cls,
        "date_from": date.fromisoformat,
        "datetime_from": datetime.fromisoformat,
        "dirty": NEEDS_STRIPPING.search,
        "dirty_lines": NEEDS_STRIPPING_MULTILINE.search,
        "ONE_ON_ONE": MeetingKind.ONE_ON_ONE,
        "GROUP": MeetingKind.GROUP,
        "email_shape": EMAIL_SHAPE.fullmatch,
    }
    body: list[str] = []
    for n in names:
        body += [f"{n} = doc[{n!r}]", *_field_code(n, cls.SPEC[n], env)]
    lines = [
        "def build(doc_id, doc):",
        "    if type(doc) is not dict:",
        "        return None",
        "    try:",
        *(f"        {line}" for line in body),
        # A missing field (a default, or a message), a bad date: the checking path's job.
        "    except (KeyError, ValueError):",
        "        return None",
    ]
    rules = _rules(cls, names)
    if rules:
        lines += [f"    if not ({' and '.join(rules)}):", "        return None"]
    # Set the slots directly: the same record as cls(...), at half the cost.
    lines.append("    record = new(cls)")
    for i, n in enumerate(["id", *names]):
        env[f"set_{i}"] = getattr(cls, n).__set__
        lines.append(f"    set_{i}(record, {'doc_id' if n == 'id' else n})")
    lines.append("    return record")
    exec(compile("\n".join(lines), f"<fast builder of {cls.__name__}>", "exec"), env)
    built: Builder = env["build"]
    return built


def _field_code(name: str, conv: Any, env: dict[str, Any]) -> list[str]:
    """Statements that check the stored value of one field and convert it, or return None."""
    no = "    return None"
    if isinstance(conv, EnumField):
        env[f"{name}_members"] = conv.members  # an unknown value raises KeyError
        return [f"if type({name}) is not str:", no, f"{name} = {name}_members[{name}]"]
    if conv is _as_str:
        return [f"if type({name}) is not str:", no]
    if conv is _as_int:
        return [f"if type({name}) is not int:", no]
    if conv is _as_opt_int:
        return [f"if {name} is not None and type({name}) is not int:", no]
    if conv is _as_bool:
        return [f"if {name} is not True and {name} is not False:", no]
    if conv in (_as_ids, _as_strs):
        item = "int" if conv is _as_ids else "str"
        return [
            f"if type({name}) is not list:",
            no,
            f"for x in {name}:",
            f"    if type(x) is not {item}:",
            f"    {no}",
            f"{name} = tuple({name})",
        ]
    if conv in (_as_date, _as_datetime):
        convert = [f"{name} = date_from({name})"]
        if conv is _as_datetime:
            # Without a UTC offset it is given the local one: the checking path's job.
            convert = [f"{name} = datetime_from({name})", f"if {name}.tzinfo is None:", no]
        # Outside the supported years: the checking path's message.
        in_range = [f"if not {MIN_YEAR} <= {name}.year <= {MAX_YEAR}:", no]
        return [f"if type({name}) is not str:", no, *convert, *in_range]
    if conv in (_as_opt_date, _as_opt_datetime):
        required = _as_date if conv is _as_opt_date else _as_datetime
        inner = _field_code(name, required, env)
        return [f"if {name} is not None:", *(f"    {line}" for line in inner)]
    raise TypeError(f"field {name!r}: no fast check for {conv!r}")


def _rules(cls: type[Record], names: list[str]) -> list[str]:
    """What validate() checks beyond the types, as conditions under which it changes nothing."""
    texts = TEXTS.get(cls.TABLE, {})
    rules = []
    for n in names:
        if n in texts:
            longest, required, _ = texts[n]
            rule = f"len({n}) <= {longest} and {n}.strip() == {n}"
            rules.append(f"{n} and {rule}" if required else rule)
    if "tags" in names:
        rules.append(f"all(t and len(t) <= {TAG_MAX} and t.strip() == t for t in tags)")
    if cls.TABLE in RULES:
        rules.append(RULES[cls.TABLE])
    # No control character, escape or bidi override (isprintable() is the quick answer).
    one_line = [n for n in names if n in texts and not texts[n][2]]
    if "tags" in names:
        one_line.append('"".join(tags)')
    several = [n for n in names if n in texts and texts[n][2]]
    for found, group in (("dirty", one_line), ("dirty_lines", several)):
        if group:
            text = " + ".join(group)
            rules.append(f"(({text}).isprintable() or {found}({text}) is None)")
    return rules
