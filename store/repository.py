"""The repository: the only code that touches TinyDB.

It opens a plan (lock, leftovers, backup, checks), serves typed records from
memory, applies changes through TinyDB in transactions (one user action = one
atomic save = one undo step), and keeps integrity: deleting a record detaches
it everywhere it is referenced.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from allies.store.crypto import (
    NeedsKeyError,
    PlanKey,
    ProtectionError,
    is_sealed,
    remembered_key,
)
from allies.store.errors import (
    BadPlanError,
    ReadOnlyError,
    SaveError,
    UnsafeFileError,
    ValidationError,
)
from allies.store.limits import check_dates
from allies.store.model import (
    SCHEMA,
    TABLES,
    Column,
    Interest,
    Meeting,
    Meta,
    Person,
    Record,
    Review,
    Stance,
    StanceChange,
    Tie,
    Trade,
    Win,
    now,
)
from allies.store.plan_file import LoadedPlan, load
from allies.store.storage import (
    AtomicStorage,
    BackupOnOpen,
    FileIdentity,
    PlanLock,
    backups_dir,
    ensure_private_dir,
    read_regular,
    remove_leftovers,
)

if TYPE_CHECKING:
    from tinydb import TinyDB

R = TypeVar("R", bound=Record)


def owns_folder(path: Path) -> bool:
    """Whether the plan's folder is Allies' own data folder (kept 0700 on every save).

    A plan the user keeps elsewhere (``--db ~/Documents/plan.json``) is saved
    0600, but the user's folder keeps the mode the user gave it.
    """
    from allies.store.paths import data_dir

    try:
        return path.parent.resolve() == data_dir().resolve()
    except OSError:
        return False


UNDO_STEPS = 200
# A change to any of these is a new revision of a meeting for calendar programs.
SCHEDULE_FIELDS = ("start", "minutes", "title", "status")


def revised(old: Meeting, new: Meeting) -> Meeting:
    """``new``, its calendar sequence bumped past ``old``'s if time, title or status moved."""
    if new.sequence > old.sequence:
        return new
    if any(getattr(new, f) != getattr(old, f) for f in SCHEDULE_FIELDS):
        return new.replace(sequence=old.sequence + 1)
    return new.replace(sequence=old.sequence)


POSITION_GAP = 1024


class _Step:
    """One undoable action: the documents it changed, as they were before."""

    __slots__ = ("before", "label")

    def __init__(self, label: str) -> None:
        self.label = label
        self.before: dict[tuple[str, int], dict[str, Any] | None] = {}


class Repository:
    """A plan held in memory, saved atomically through TinyDB."""

    def __init__(
        self,
        path: Path,
        loaded: LoadedPlan,
        *,
        read_only: bool,
        lock: PlanLock | None,
        identity: FileIdentity | None = None,
    ):
        self.path = path
        self.read_only = read_only
        self.newer_schema = loaded.newer
        self.migrated_from = loaded.migrated_from
        self._lock = lock
        self.storage = AtomicStorage(
            path,
            loaded.data,
            read_only=read_only,
            owns_folder=lambda: owns_folder(path),
            identity=identity,
            lock=lock,
        )
        self._backup: BackupOnOpen | None = None
        self.storage.before_save = self.wait_for_backup
        self._warnings: list[str] = []
        if loaded.warnings:
            count = len(loaded.warnings)
            self._warnings.append(
                f"Written by a newer Allies: {count} record(s) this version cannot read are "
                f"not shown (first: {loaded.warnings[0]})."
            )
        self._db: TinyDB | None = None
        assert loaded.meta is not None
        self._meta: Meta = loaded.meta
        self._records: dict[str, dict[int, Record]] = loaded.records
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        """Undone steps, the documents as they were before each was undone (latest last)."""
        self._step: _Step | None = None
        self.version = 0
        self.table_versions: dict[str, int] = dict.fromkeys(["meta", *TABLES], 0)
        """Bumped on every write to a table, so rules can cache what a change left alone."""
        self.unsaved_error: str | None = None

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        create: bool = True,
        title: str = "My plan",
        agenda: str = "",
        backup: bool = True,
        key: PlanKey | None = None,
    ) -> Repository:
        """Open (or create) the plan at ``path``.

        Raises PlanLockedError when another process holds it, BadPlanError when
        the file cannot be used (it is never touched then). A protected plan
        needs its unlocked ``key`` (NeedsKeyError without one); every save of it
        is encrypted to that key.
        """
        # Resolved: a symlinked plan is saved where it lives, and every name shares one lock.
        path = Path(path).expanduser().resolve()
        lock = None
        if not read_only:
            lock = PlanLock(path)
            lock.acquire()
        try:
            return cls._open_locked(path, read_only, lock, create, title, agenda, backup, key)
        except BaseException:
            if lock:
                lock.release()
            raise

    @classmethod
    def _open_locked(
        cls,
        path: Path,
        read_only: bool,
        lock: PlanLock | None,
        create: bool,
        title: str,
        agenda: str,
        backup: bool,
        key: PlanKey | None = None,
    ) -> Repository:
        backups = str(backups_dir(path))
        if not read_only:
            remove_leftovers(path)
        if not os.path.lexists(path):
            if read_only or not create:
                raise BadPlanError(str(path), "there is no plan here yet", backups)
            return cls._create(path, lock, Meta.new(title, agenda))
        try:
            raw, identity = read_regular(path)
        except OSError as exc:
            raise BadPlanError(str(path), f"cannot be read ({exc.strerror})", backups) from None
        except UnsafeFileError as exc:
            problem = str(exc).removeprefix(f"{path} ")
            raise BadPlanError(str(path), problem, backups) from None
        plain = raw
        if is_sealed(raw):
            key = key or remembered_key(path)
            if key is None:
                raise NeedsKeyError(str(path))
            try:
                plain = key.open(raw)
            except ProtectionError as exc:
                raise BadPlanError(str(path), str(exc), backups) from None
        loaded = load(plain)
        if loaded.problems:
            more = f" (and {len(loaded.problems) - 1} more)" if len(loaded.problems) > 1 else ""
            raise BadPlanError(str(path), loaded.problems[0] + more, backups)
        if loaded.newer:
            read_only = True
        repo = cls(path, loaded, read_only=read_only, lock=lock, identity=identity)
        if plain is not raw and key is not None:
            repo.storage.seal = key.seal
        if backup and not read_only:
            repo._backup = BackupOnOpen(path, raw)  # a protected plan's backups stay encrypted
        return repo

    @classmethod
    def _create(cls, path: Path, lock: PlanLock | None, meta: Meta) -> Repository:
        ensure_private_dir(path.parent, tighten=owns_folder(path))
        data: dict[str, Any] = {"meta": {"1": meta.to_doc()}}
        for name in TABLES:
            data[name] = {}
        loaded = LoadedPlan(data, meta, {name: {} for name in TABLES})
        repo = cls(path, loaded, read_only=False, lock=lock)
        repo.storage.dirty = True
        repo.storage.flush()
        return repo

    @classmethod
    def in_memory_path(cls, folder: Path) -> Path:
        return folder / "plan.json"

    @property
    def protected(self) -> bool:
        """Whether the plan is saved encrypted (``allies protect``)."""
        return self.storage.seal is not None

    @property
    def warnings(self) -> list[str]:
        """What the user should know about this plan as opened (shown once, at start)."""
        self.wait_for_backup()
        return self._warnings

    def wait_for_backup(self) -> None:
        """Wait for the backup made on open (a thread); a failure joins the warnings."""
        backup, self._backup = self._backup, None
        if backup is not None and (problem := backup.wait()):
            self._warnings.append(problem)

    def close(self) -> None:
        """Save anything pending and release the lock.

        If that save fails, SaveError is raised and the plan stays open and
        locked, so the change can still be saved (and no other process can
        write the file meanwhile).
        """
        self.wait_for_backup()
        if not self.read_only:
            self.storage.flush()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------- reads

    @property
    def meta(self) -> Meta:
        return self._meta

    def table(self, cls: type[R]) -> Mapping[int, R]:
        """All records of one kind, by id (a read-only view, in id order)."""
        return self._records[cls.TABLE]  # type: ignore[return-value]

    @property
    def people(self) -> Mapping[int, Person]:
        return self.table(Person)

    @property
    def ties(self) -> Mapping[int, Tie]:
        return self.table(Tie)

    @property
    def interests(self) -> Mapping[int, Interest]:
        return self.table(Interest)

    @property
    def trades(self) -> Mapping[int, Trade]:
        return self.table(Trade)

    @property
    def wins(self) -> Mapping[int, Win]:
        return self.table(Win)

    @property
    def meetings(self) -> Mapping[int, Meeting]:
        return self.table(Meeting)

    @property
    def stance_log(self) -> Mapping[int, StanceChange]:
        return self.table(StanceChange)

    @property
    def reviews(self) -> Mapping[int, Review]:
        return self.table(Review)

    def get(self, cls: type[R], record_id: int) -> R:
        try:
            return self.table(cls)[record_id]
        except KeyError:
            raise KeyError(f"no {cls.TABLE} record {record_id}") from None

    def column(self, column: Column) -> list[Win]:
        """The cards of one board column, in order."""
        cards = [w for w in self.wins.values() if w.column is column]
        cards.sort(key=lambda w: (w.position, w.id))
        return cards

    # ------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def transaction(self, label: str) -> Iterator[None]:
        """Group changes: one save, one undo step. Nested calls join the outer one.

        If the body raises, every change made in it is rolled back.
        If only the save fails, the change stays in memory and SaveError is raised.
        """
        if self.read_only:
            raise ReadOnlyError("This plan is open read-only; changes cannot be made")
        if self._step is not None:
            yield
            return
        self._step = _Step(label)
        was_dirty = self.storage.dirty
        try:
            with self.storage.batch():
                try:
                    yield
                except BaseException:
                    self._rollback(self._step)
                    self._step = None
                    # Rolled back, the plan in memory is the file's again: nothing to save
                    # (a failed import or a dry run leaves the file byte-identical).
                    self.storage.dirty = was_dirty
                    raise
        except SaveError as exc:
            self.unsaved_error = str(exc)
            self._finish_step()
            raise
        if not self.storage.dirty:
            self.unsaved_error = None
        self._finish_step()

    def _finish_step(self) -> None:
        step, self._step = self._step, None
        if step and step.before:
            self._undo.append(step)
            del self._undo[:-UNDO_STEPS]
            self._redo.clear()  # a new change: what was undone stays undone
            self.version += 1

    @contextlib.contextmanager
    def saves_held(self) -> Iterator[None]:
        """Changes made inside stay in memory, unsaved, until ``save_pending``.

        The app shows a change first and saves it just after, so the save is not
        between a key and its repaint. ``close`` saves what is still pending.
        """
        with self.storage.hold():
            yield

    @property
    def pending(self) -> bool:
        """Whether a change is not in the file yet (held, or its save failed)."""
        return self.storage.dirty and not self.read_only

    def save_pending(self) -> None:
        """Save held changes, or retry a save that failed; raises SaveError on failure."""
        try:
            self.storage.flush()
        except SaveError as exc:
            self.unsaved_error = str(exc)
            raise
        self.unsaved_error = None

    def save_copy(self) -> Path | None:
        """Last resort when the plan cannot be saved and nobody can retry (the terminal
        closed): write the plan as held in memory to a new file beside it."""
        if not self.pending:
            return None
        return self.storage.save_copy()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self.read_only

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    def undo(self) -> str | None:
        """Undo the last action; return its label (None when nothing to undo)."""
        if not self.can_undo:
            return None
        step = self._undo.pop()
        self._redo.append(self._as_now(step))
        self._apply(step)
        return step.label

    @property
    def can_redo(self) -> bool:
        return bool(self._redo) and not self.read_only

    def redo(self) -> str | None:
        """Do again the last action undone; return its label (None when nothing to redo)."""
        if not self.can_redo:
            return None
        step = self._redo.pop()
        self._undo.append(self._as_now(step))
        self._apply(step)
        return step.label

    def _as_now(self, step: _Step) -> _Step:
        """The documents ``step`` touches, as they are now (to go back to them)."""
        now = _Step(step.label)
        for table, doc_id in step.before:
            if table == "meta":
                now.before[(table, doc_id)] = self._meta.to_doc()
            else:
                old = self._records[table].get(doc_id)
                now.before[(table, doc_id)] = old.to_doc() if old is not None else None
        return now

    def _apply(self, step: _Step) -> None:
        """Put back the documents of ``step`` (an undo or a redo), saved as one write."""
        try:
            with self.storage.batch():
                self._rollback(step)
        except SaveError as exc:
            self.unsaved_error = str(exc)
            self.version += 1
            raise
        self.version += 1

    def _rollback(self, step: _Step) -> None:
        for (table, doc_id), doc in reversed(list(step.before.items())):
            self._write_doc(table, doc_id, doc)

    # ----------------------------------------------------------- raw writes

    @property
    def db(self) -> TinyDB:
        """The TinyDB database over the storage (TinyDB is imported on the first change)."""
        if self._db is None:
            from tinydb import TinyDB

            self._db = TinyDB(storage=lambda: self.storage)
        return self._db

    def _write_doc(self, table: str, doc_id: int, doc: dict[str, Any] | None) -> None:
        """Put (or remove, when ``doc`` is None) one document, in TinyDB and the cache."""
        tdb = self.db.table(table, cache_size=0)
        self.table_versions[table] += 1
        if table == "meta":
            assert doc is not None
            tdb.update(doc, doc_ids=[doc_id])
            self._meta = Meta.from_doc(doc_id, doc)
            return
        cache = self._records[table]
        if doc is None:
            if doc_id in cache:
                tdb.remove(doc_ids=[doc_id])
                del cache[doc_id]
            return
        if doc_id in cache:
            tdb.update(doc, doc_ids=[doc_id])
            cache[doc_id] = TABLES[table].from_doc(doc_id, doc)
            return
        last = next(reversed(cache.keys()), 0)
        from tinydb.table import Document

        tdb.insert(Document(doc, doc_id=doc_id))
        cache[doc_id] = TABLES[table].from_doc(doc_id, doc)
        if doc_id < last:
            ordered = sorted(cache.items())  # an undone delete: keep id order
            cache.clear()
            cache.update(ordered)

    def _remember(self, table: str, doc_id: int) -> None:
        assert self._step is not None, "changes must run inside a transaction"
        key = (table, doc_id)
        if key in self._step.before:
            return
        if table == "meta":
            self._step.before[key] = self._meta.to_doc()
        else:
            old = self._records[table].get(doc_id)
            self._step.before[key] = old.to_doc() if old is not None else None

    def _put(self, record: R) -> R:
        table = record.TABLE
        with self.transaction(f"change {table}"):
            self._remember(table, record.id)
            self._write_doc(table, record.id, record.to_doc())
        return self._records[table][record.id]  # type: ignore[return-value]

    def _next_id(self, table: str) -> int:
        return max(self._records[table], default=0) + 1

    # --------------------------------------------------------- generic CRUD

    def add(self, record: R, *, label: str | None = None) -> R:
        """Insert a new record (its ``id`` is ignored); return it with its new id."""
        table = record.TABLE
        with self.transaction(label or f"add {table}"):
            record = record.replace(id=self._next_id(table))
            record = self._checked(record)
            return self._put(record)

    def update(self, record: R, *, label: str | None = None, stamp: bool = True) -> R:
        """Replace a stored record with ``record`` (same id), checked and stamped."""
        table = record.TABLE
        if record.id not in self._records[table]:
            raise KeyError(f"no {table} record {record.id}")
        with self.transaction(label or f"edit {table}"):
            if stamp and "updated" in record.FIELDS:
                record = record.replace(updated=now())
            record = self._checked(record)
            if isinstance(record, Meeting):
                old = self._records[table][record.id]
                assert isinstance(old, Meeting)
                record = revised(old, record)  # type: ignore[assignment]
            return self._put(record)

    def _checked(self, record: R) -> R:
        validate = getattr(record, "validate", None)
        if validate is not None:
            record = validate()
        check_dates(record)
        if isinstance(record, Meeting):
            for other in self._records[Meeting.TABLE].values():
                if other.uid == record.uid and other.id != record.id:  # type: ignore[attr-defined]
                    raise ValidationError(
                        "uid", f"another meeting ({other.id}) has calendar UID {record.uid!r}"
                    )
        for fname, target in record.REFS.items():
            value = getattr(record, fname)
            for ref in value if isinstance(value, tuple) else (value,):
                if ref is not None and ref not in self._records[target]:
                    raise ValidationError(fname, f"{fname.replace('_', ' ')}: no such record {ref}")
        return record

    def delete(self, cls: type[Record], record_id: int, *, label: str | None = None) -> None:
        """Delete a record and detach it everywhere it is referenced."""
        table = cls.TABLE
        if record_id not in self._records[table]:
            raise KeyError(f"no {table} record {record_id}")
        with self.transaction(label or f"delete {table}"):
            for ref_cls, fname in self._referrers(table):
                for other in list(self._records[ref_cls.TABLE].values()):
                    value = getattr(other, fname)
                    if isinstance(value, tuple):
                        if record_id in value:
                            kept = tuple(v for v in value if v != record_id)
                            self._detach(other, fname, kept)
                    elif value == record_id:
                        self._detach(other, fname, None)
            self._remember(table, record_id)
            self._write_doc(table, record_id, None)

    def _detach(self, record: Record, fname: str, value: Any) -> None:
        """Remove a reference; records that make no sense without it go too."""
        if value is None and not record.FIELDS[fname].optional:  # a tie without its source
            self.delete(type(record), record.id)
            return
        if record.TABLE == "meetings" and fname == "attendees" and not value:
            self.delete(type(record), record.id)
            return
        record = record.replace(**{fname: value})
        validate = getattr(record, "validate", None)  # e.g. a group left with one attendee
        self._put(validate() if validate is not None else record)

    def _referrers(self, table: str) -> list[tuple[type[Record], str]]:
        return [
            (cls, fname)
            for cls in TABLES.values()
            for fname, target in cls.REFS.items()
            if target == table
        ]

    def references(self, cls: type[Record], record_id: int) -> dict[str, int]:
        """How many records of each table refer to this one (for confirm dialogs)."""
        counts: dict[str, int] = {}
        for ref_cls, fname in self._referrers(cls.TABLE):
            for other in self._records[ref_cls.TABLE].values():
                value = getattr(other, fname)
                if record_id in value if isinstance(value, tuple) else value == record_id:
                    counts[ref_cls.TABLE] = counts.get(ref_cls.TABLE, 0) + 1
        return counts

    # ------------------------------------------------------------ domain ops

    def update_meta(self, **changes: Any) -> Meta:
        with self.transaction("edit plan"):
            meta = self._meta.replace(**changes).validate()
            check_dates(meta)
            self._remember("meta", meta.id)
            self._write_doc("meta", meta.id, meta.to_doc())
        return self._meta

    def add_person(self, name: str, **fields: Any) -> Person:
        with self.transaction(f"add {name.strip()}"):
            person = self.add(Person(id=0, name=name, **fields))
            if person.stance is not Stance.UNKNOWN:
                self._log_stance(person.id, person.stance, None, "")
        return person

    def update_person(self, person: Person) -> Person:
        old = self.get(Person, person.id)
        with self.transaction(f"edit {person.name}"):
            new = self.update(person)
            if new.stance is not old.stance:
                self._log_stance(new.id, new.stance, None, "")
        return new

    def set_stance(
        self,
        person_id: int,
        stance: Stance,
        *,
        meeting: int | None = None,
        note: str = "",
        label: str | None = None,
    ) -> Person:
        """Change a person's stance and log it (with the meeting it came from)."""
        person = self.get(Person, person_id)
        if person.stance is stance:
            return person
        with self.transaction(label or f"{person.name}: {stance.value}"):
            person = self.update(person.replace(stance=stance))
            self._log_stance(person_id, stance, meeting, note)
        return person

    def _log_stance(self, person_id: int, stance: Stance, meeting: int | None, note: str) -> None:
        self.add(StanceChange(id=0, person=person_id, stance=stance, meeting=meeting, note=note))

    def touch_contact(self, person_ids: tuple[int, ...] | list[int], day: date) -> None:
        """Set last contact for these people (never moving it backwards)."""
        with self.transaction("set last contact"):
            for pid in person_ids:
                p = self.get(Person, pid)
                if p.last_contact is None or p.last_contact < day:
                    self.update(p.replace(last_contact=day))

    # ----- board

    def move_win(self, win_id: int, column: Column, index: int | None = None) -> Win:
        """Move a card to ``column`` at ``index`` (end when None), stamping or clearing won_at."""
        win = self.get(Win, win_id)
        others = [w for w in self.column(column) if w.id != win_id]
        index = len(others) if index is None else max(0, min(index, len(others)))
        with self.transaction(f"move {win.title}"):
            position = self._position_between(others, index)
            changes: dict[str, Any] = {"column": column, "position": position}
            if column is Column.WON and win.column is not Column.WON:
                changes["won_at"] = now()
            elif column is not Column.WON and win.column is Column.WON:
                changes["won_at"] = None
            return self.update(win.replace(**changes))

    def _position_between(self, cards: list[Win], index: int) -> int:
        """A position for a card inserted at ``index`` among ``cards`` (renumbering if full)."""
        if not cards:
            return POSITION_GAP
        if index >= len(cards):
            return cards[-1].position + POSITION_GAP
        lo = cards[index - 1].position if index > 0 else cards[0].position - 2 * POSITION_GAP
        hi = cards[index].position
        if hi - lo >= 2:
            return (lo + hi) // 2
        for i, card in enumerate(cards):  # no gap left: spread the column out again
            self.update(card.replace(position=(i + 1) * POSITION_GAP), stamp=False)
        return index * POSITION_GAP + POSITION_GAP // 2

    def reorder_win(self, win_id: int, delta: int) -> Win:
        """Move a card up (−1) or down (+1) within its column."""
        win = self.get(Win, win_id)
        cards = self.column(win.column)
        i = next(i for i, w in enumerate(cards) if w.id == win_id)
        j = max(0, min(len(cards) - 1, i + delta))
        if i == j:
            return win
        return self.move_win(win_id, win.column, j)

    def add_win(self, title: str, column: Column = Column.POSSIBLE, **fields: Any) -> Win:
        """A new card at the end of its column."""
        with self.transaction(f"add {title.strip()}"):
            cards = self.column(column)
            position = cards[-1].position + POSITION_GAP if cards else POSITION_GAP
            won_at = now() if column is Column.WON else None
            fields.setdefault("won_at", won_at)
            return self.add(Win(id=0, title=title, column=column, position=position, **fields))

    # ----- reviews

    def mark_reviewed(self, day: date, notes: str = "") -> Review:
        with self.transaction("mark reviewed"):
            review = self.add(Review(id=0, at=day, notes=notes))
            self.update_meta(last_review=day)
        return review

    # ------------------------------------------------------------------ misc

    def raw(self) -> dict[str, Any]:
        """The plan as stored (TinyDB layout); do not mutate."""
        return self.storage.read()

    @property
    def is_pristine(self) -> bool:
        """A plan just created: default title, nothing in it yet."""
        return self._meta.title == "My plan" and not any(self._records.values())

    @property
    def schema(self) -> int:
        return self._meta.schema if self.newer_schema else SCHEMA
