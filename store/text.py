"""Cleaning of user text: what a form, an import or a file may hold.

Control characters, terminal escape sequences and bidirectional overrides are
stripped from every piece of text, so a name can never repaint the terminal or
reorder what is shown around it. Rich markup is *not* touched here: it is
data, and the UI shows it literally.
"""

from __future__ import annotations

import re

from allies.store.errors import ValidationError

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST) and two-byte escapes.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates and marks,
# and the line/paragraph separators that would break a row.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_CONTROL_ONE_LINE = re.compile(f"[{_CONTROLS}\t\n]")
_CONTROL_MULTI_LINE = re.compile(f"[{_CONTROLS}]")

NAME_MAX = 80
TITLE_MAX = 120
SHORT_MAX = 200
NOTE_MAX = 4000


# Text that strip_controls would change (ESC and CSI are controls too): without a match,
# it returns the text as it is. One line: tabs and line breaks change too; several lines
# keep their "\n".
NEEDS_STRIPPING = re.compile(f"[{_CONTROLS}\t\n\r]")
NEEDS_STRIPPING_MULTILINE = re.compile(f"[{_CONTROLS}\t\r]")


def strip_controls(value: str, *, multiline: bool = False) -> str:
    """Return ``value`` without escapes, control characters or bidi overrides."""
    clean = NEEDS_STRIPPING_MULTILINE if multiline else NEEDS_STRIPPING
    if clean.search(value) is None:
        return value
    value = _ESCAPES.sub("", value)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROL_MULTI_LINE.sub("", value.replace("\t", "    "))
    value = value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return _CONTROL_ONE_LINE.sub("", value)


def clean_text(
    value: object,
    field: str,
    *,
    max_len: int = SHORT_MAX,
    required: bool = False,
    multiline: bool = False,
    label: str | None = None,
) -> str:
    """Sanitise and check one text value; raise :class:`ValidationError` if bad."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, f"{label or field.replace('_', ' ')} must be text")
    text = strip_controls(value, multiline=multiline).strip()
    if required and not text:
        label = label or field.replace("_", " ")
        raise ValidationError(field, f"{label.capitalize()} cannot be empty")
    if len(text) > max_len:
        label = label or field.replace("_", " ")
        raise ValidationError(
            field, f"{label.capitalize()} is too long ({len(text)} characters; at most {max_len})"
        )
    return text


# For output: every control but tab, line feed and a carriage return that ends a line.
_OUTPUT_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)
NEEDS_CLEANING_OUTPUT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def clean_output(value: str) -> str:
    """Text about to leave Allies (a terminal, a pipe, an export): without terminal
    escapes, control characters or bidi overrides, whatever the plan holds.

    Unlike :func:`strip_controls` it keeps the layout of what is printed: tabs, line
    breaks and CRLF line ends. Text read from a plan is cleaned when loaded; this is
    the second line of defence, at every output boundary.
    """
    if NEEDS_CLEANING_OUTPUT.search(value) is None:
        return value
    return _OUTPUT_CONTROLS.sub("", _ESCAPES.sub("", value))


def clean_output_bytes(data: bytes) -> bytes:
    """:func:`clean_output` for UTF-8 bytes (an export); other bytes are kept as they are."""
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return data
    cleaned = clean_output(text)
    return data if cleaned is text else cleaned.encode()
