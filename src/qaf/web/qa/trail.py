"""The audit trail: every write to a QA record goes through `save` or `delete` here (forms, imports
and the family's link alike), so no path can change a record without leaving who, when and what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from django.db import models, transaction
from django.db.models import QuerySet

from qaf.web.qa.models import Change

FORM, IMPORT, LINK, ADMIN = "form", "import", "link", "admin"


class Record(Protocol):
    RECORD_TYPE: str
    pk: Any

    def snapshot(self) -> dict[str, str]: ...

    def save(self, *args: Any, **kwargs: Any) -> None: ...


R = TypeVar("R", bound=Record)


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    """field -> [before, after] for each field whose text differs ("" where absent)."""
    names = list(after) + [k for k in before if k not in after]
    return {
        name: [before.get(name, ""), after.get(name, "")]
        for name in names
        if before.get(name, "") != after.get(name, "")
    }


def _fresh(record: Record) -> dict[str, str]:
    model = cast(type[models.Model], type(record))
    return cast(Record, model._default_manager.get(pk=record.pk)).snapshot()


def _user_fields(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user": None, "username": ""}
    return {"user": user, "username": user.get_username()}


def save(
    record: Record,
    user: Any,
    via: str,
    also: Callable[[], None] | None = None,
    before: dict[str, str] | None = None,
) -> Change | None:
    """Save `record`, then `also` (what is saved beside it: scores, themes), and keep the change.

    `before` is the record's snapshot as stored, when the caller took it before changing the
    record (an import reading many records at once); otherwise it is read here.
    Returns the trail entry, or None when nothing changed."""
    # No savepoint of its own: inside an import's transaction a failure undoes the whole file.
    with transaction.atomic(savepoint=False):
        creating = record.pk is None
        if creating:
            before = {}
        elif before is None:
            before = _fresh(record)
        if not creating and also is None and not diff(before, record.snapshot()):
            return None  # nothing to write (an import of a record already held as it is)
        record.save()
        if also is not None:
            also()
        # snapshot() reads scores and themes from the database, so `also`'s writes are in it.
        changes = diff(before, record.snapshot())
        if not changes and not creating:
            return None
        return Change.objects.create(
            record_type=record.RECORD_TYPE,
            record_pk=record.pk,
            record_label=str(record)[:64],
            action=Change.CREATE if creating else Change.UPDATE,
            via=via,
            changes=changes,
            **_user_fields(user),
        )


def create_many(
    records: list[R], user: Any, via: str, also: Callable[[list[R]], None] | None = None
) -> list[Change]:
    """Create new records at once (an import of many), then `also(records)` (their scores or
    themes), each with the trail entry `save` would give it, in a few queries instead of several
    per record."""
    if not records:
        return []
    with transaction.atomic(savepoint=False):
        model = cast(type[models.Model], type(records[0]))
        made = model._default_manager.bulk_create(cast(list[models.Model], records))
        # PostgreSQL and SQLite 3.35+ give back the new ids, which the trail entries need.
        if any(r.pk is None for r in made):
            raise RuntimeError("the database gave no ids for new records; save them one by one")
        if also is not None:
            also(records)
        user_fields = _user_fields(user)
        entries = [
            Change(
                record_type=record.RECORD_TYPE,
                record_pk=record.pk,
                record_label=str(record)[:64],
                action=Change.CREATE,
                via=via,
                changes=diff({}, record.snapshot()),
                **user_fields,
            )
            for record in records
        ]
        return Change.objects.bulk_create(entries)


def delete(record: Record, user: Any, via: str) -> Change:
    """Delete `record`, keeping every field it held as the trail's before."""
    with transaction.atomic():
        before = _fresh(record)
        pk, label = record.pk, str(record)[:64]
        record.delete()  # type: ignore[attr-defined]
        return Change.objects.create(
            record_type=record.RECORD_TYPE,
            record_pk=pk,
            record_label=label,
            action=Change.DELETE,
            via=via,
            changes=diff(before, {}),
            **_user_fields(user),
        )


def history(record: Record) -> QuerySet[Change]:
    """The record's trail, newest first."""
    return Change.objects.filter(record_type=record.RECORD_TYPE, record_pk=record.pk)
