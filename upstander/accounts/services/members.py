"""The membership register: members (with or without a login) and the accounts they declare."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.errors import (
    HandleClaimedByAnotherMember,
    MemberImportRejected,
    RowError,
)
from upstander.accounts.handles import (
    InvalidHandle,
    is_stable_id,
    normalise_handle,
    stable_id_looked_up,
)
from upstander.accounts.models import (
    Branch,
    Member,
    MembershipStatus,
    MemberStatusChange,
    Platform,
    Role,
    SocialHandle,
    User,
)
from upstander.accounts.permissions import require_role
from upstander.accounts.standing import members_held, milder

IMPORT_COLUMNS = (
    "membership_number",
    "given_name",
    "family_name",
    "email",
    "status",
    "joined_on",
    "branch",
    "handles",
)
MAX_IMPORT_ROWS = 100_000


@transaction.atomic
def member_create(
    actor: User | None,
    *,
    membership_number: str,
    given_name: str,
    family_name: str,
    joined_on: date,
    email: str = "",
    branch: str = "",
    status: MembershipStatus = MembershipStatus.ACTIVE,
    user: User | None = None,
) -> Member:
    require_role(actor, Role.ADMINISTRATOR)
    member = Member.objects.create(
        membership_number=membership_number.strip(),
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        email=email.strip().lower(),
        joined_on=joined_on,
        status=status,
        branch=Branch.objects.get_or_create(name=branch.strip())[0] if branch.strip() else None,
        user=user,
    )
    audit.record(actor, "member.create", member, {"status": str(status)})
    return member


@transaction.atomic
def member_status_set(
    actor: User | None, *, member: Member, status: MembershipStatus, reason: str
) -> Member:
    """Change a membership's standing (disciplinary sanctions arrive here too).

    The reason is kept on the change's record, where subject access and retention reach it;
    the append-only audit entry says what changed and names that record, never the reason.
    """
    require_role(actor, Role.ADMINISTRATOR)
    previous = member.status
    member.status = status
    member.save(update_fields=["status"])
    change = MemberStatusChange.objects.create(
        member=member,
        from_status=previous,
        to_status=status,
        reason=reason.strip(),
        changed_by=actor,
        changed_at=timezone.now(),
    )
    audit.record(
        actor,
        "member.status_set",
        member,
        {"from": str(previous), "to": str(status), "change": change.pk},
    )
    return member


def _check_handle_free(platform: str, handle: str, member: Member) -> None:
    owner = SocialHandle.objects.filter(platform=platform, handle=handle).exclude(member=member)
    if owner.exists():
        raise HandleClaimedByAnotherMember(
            f"{platform}:{handle} is already declared by another member."
        )


def handle_declare(
    actor: User | None, *, member: Member, platform: Platform, handle: str
) -> SocialHandle:
    """Record an account as the member's own, with its stable id (DID, account URI) where it
    is one or the platform can be asked: a member who later changes handle is still known."""
    if actor is not None and (member.user_id != actor.pk):
        require_role(actor, Role.ADMINISTRATOR)
    normalised = normalise_handle(platform, handle)
    # Asked before the transaction: a platform round trip should not hold database locks.
    stable_id = stable_id_looked_up(platform, normalised)
    return _handle_record(
        actor, member=member, platform=platform, handle=normalised, stable_id=stable_id
    )


@transaction.atomic
def _handle_record(
    actor: User | None, *, member: Member, platform: Platform, handle: str, stable_id: str
) -> SocialHandle:
    _check_handle_free(platform, handle, member)
    declared, _ = SocialHandle.objects.get_or_create(
        member=member, platform=platform, handle=handle, defaults={"stable_id": stable_id}
    )
    if stable_id and not declared.stable_id:
        declared.stable_id = stable_id
        declared.save(update_fields=["stable_id"])
    # Ids only: the handle identifies the member.
    audit.record(
        actor, "handle.declare", member, {"platform": str(platform), "handle": declared.pk}
    )
    return declared


@transaction.atomic
def handle_resolve(actor: User | None, *, handle: SocialHandle, stable_id: str) -> SocialHandle:
    """Attach the platform's stable id (DID, account URI) once the handle has been looked up."""
    require_role(actor, Role.ADMINISTRATOR, Role.CASE_WORKER, Role.SAFEGUARDING_LEAD)
    handle.stable_id = stable_id.strip()
    handle.save(update_fields=["stable_id"])
    audit.record(actor, "handle.resolve", handle.member, {"handle": handle.pk})
    return handle


@dataclass(frozen=True)
class HandlesResolved:
    resolved: int
    unresolved: int


def handles_resolve_missing(
    actor: User | None, *, progress: Callable[[Iterable[Any]], Iterable[Any]] = iter
) -> HandlesResolved:
    """Look up the stable id of every declared account that lacks one (accounts imported from
    the register are declared by handle only), so a member who changes handle is still known.

    Each lookup is a platform round trip, made outside any transaction; each id found is
    recorded in its own. An account that cannot be looked up now is left for the next run.
    """
    require_role(actor, Role.ADMINISTRATOR)
    waiting = list(
        SocialHandle.objects.filter(stable_id="")
        .order_by("pk")
        .values_list("pk", "platform", "handle")
    )
    resolved = 0
    for pk, platform, handle in progress(waiting):
        stable_id = stable_id_looked_up(platform, handle)
        if stable_id and _handle_stable_id_record(actor, pk=pk, stable_id=stable_id):
            resolved += 1
    return HandlesResolved(resolved=resolved, unresolved=len(waiting) - resolved)


@transaction.atomic
def _handle_stable_id_record(actor: User | None, *, pk: int, stable_id: str) -> bool:
    declared = SocialHandle.objects.select_for_update().filter(pk=pk, stable_id="").first()
    if declared is None:  # removed, or resolved meanwhile
        return False
    declared.stable_id = stable_id
    declared.save(update_fields=["stable_id"])
    audit.record(actor, "handle.resolve", declared.member, {"handle": declared.pk})
    return True


@dataclass
class ImportRow:
    line: int
    membership_number: str
    given_name: str
    family_name: str
    email: str
    status: MembershipStatus
    joined_on: date
    branch: str
    handles: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    handles_added: int
    # Members the register would have made milder (active, lapsed) while a disciplinary
    # sanction in force holds them suspended or expelled: kept as they are.
    standing_kept: int = 0


def _parse_row(
    line: int,
    values: dict[str, str],
    seen_numbers: dict[str, int],
    seen_handles: dict[tuple[str, str], int],
) -> ImportRow | RowError:
    problems: list[str] = []
    number = values.get("membership_number", "")
    if not number or len(number) > 32:
        problems.append("membership_number is required (at most 32 characters)")
    elif number in seen_numbers:
        problems.append(f"membership_number repeats line {seen_numbers[number]}")
    else:
        seen_numbers[number] = line
    for name in ("given_name", "family_name"):
        if not values.get(name) or len(values[name]) > 100:
            problems.append(f"{name} is required (at most 100 characters)")
    email = values.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"email {email!r} is not a valid address")
    status_text = values.get("status", "").lower() or MembershipStatus.ACTIVE
    if status_text not in MembershipStatus.values:
        problems.append(
            f"status {status_text!r} must be one of {', '.join(MembershipStatus.values)}"
        )
    try:
        joined_on = date.fromisoformat(values.get("joined_on", ""))
    except ValueError:
        problems.append("joined_on must be a date written YYYY-MM-DD")
        joined_on = date.min
    handles: list[tuple[str, str]] = []
    for item in filter(None, (h.strip() for h in values.get("handles", "").split(";"))):
        platform, _, handle = item.partition(":")
        platform = platform.strip().lower()
        try:
            key = (platform, normalise_handle(platform, handle))
        except InvalidHandle as error:
            problems.append(error.message)
            continue
        if key in seen_handles:
            problems.append(f"{item} is also declared on line {seen_handles[key]}")
        seen_handles[key] = line
        handles.append(key)
    if problems:
        return RowError(line, "; ".join(problems))
    return ImportRow(
        line=line,
        membership_number=number,
        given_name=values["given_name"],
        family_name=values["family_name"],
        email=email,
        status=MembershipStatus(status_text),
        joined_on=joined_on,
        branch=values.get("branch", ""),
        handles=handles,
    )


def _parse_rows(text: str) -> tuple[list[ImportRow], list[RowError]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _parse_records(reader)
    except csv.Error as error:  # a NUL byte, a runaway quoted field: not a CSV file at all
        return [], [RowError(reader.line_num or 1, f"the file is not readable as CSV ({error})")]


def _parse_records(reader: csv.DictReader[str]) -> tuple[list[ImportRow], list[RowError]]:
    if not reader.fieldnames:
        return [], [
            RowError(1, f"the file is empty; expected the header {','.join(IMPORT_COLUMNS)}")
        ]
    missing = [c for c in IMPORT_COLUMNS[:6] if c not in reader.fieldnames]
    if missing:
        return [], [RowError(1, f"Missing column(s): {', '.join(missing)}.")]
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    seen_numbers: dict[str, int] = {}
    seen_handles: dict[tuple[str, str], int] = {}
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            errors.append(RowError(line, f"More than {MAX_IMPORT_ROWS} rows; split the file."))
            break
        values = {k: (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
        parsed = _parse_row(line, values, seen_numbers, seen_handles)
        if isinstance(parsed, RowError):
            errors.append(parsed)
        else:
            rows.append(parsed)
    return rows, errors


def members_import_csv(
    actor: User | None,
    *,
    text: str,
    progress: Callable[[Iterable[ImportRow]], Iterable[ImportRow]] | None = None,
) -> ImportResult:
    """Import (or update) members from CSV: every row is checked first; any error imports none.

    Raises MemberImportRejected with one RowError per faulty line.
    """
    require_role(actor, Role.ADMINISTRATOR)
    rows, errors = _parse_rows(text)
    if not errors:
        claimed = {
            (h.platform, h.handle): h.member.membership_number
            for h in SocialHandle.objects.filter(
                handle__in=[handle for row in rows for _, handle in row.handles]
            ).select_related("member")
        }
        for row in rows:
            for key in row.handles:
                owner = claimed.get(key)
                if owner is not None and owner != row.membership_number:
                    errors.append(
                        RowError(row.line, f"{key[0]}:{key[1]} belongs to member {owner}")
                    )
    if errors:
        raise MemberImportRejected(errors)
    created = updated = handles_added = standing_kept = 0
    now = timezone.now()
    with transaction.atomic():
        branches = {b.name: b for b in Branch.objects.all()}
        existing = {
            m.membership_number: m
            for m in Member.objects.filter(
                membership_number__in=[r.membership_number for r in rows]
            )
        }
        held = members_held([member.pk for member in existing.values()])
        for row in progress(rows) if progress else rows:
            if row.branch and row.branch not in branches:
                branches[row.branch] = Branch.objects.create(name=row.branch)
            fields = {
                "given_name": row.given_name,
                "family_name": row.family_name,
                "email": row.email,
                "status": row.status,
                "joined_on": row.joined_on,
                "branch": branches.get(row.branch),
            }
            member = existing.get(row.membership_number)
            if member is None:
                member = Member.objects.create(membership_number=row.membership_number, **fields)
                created += 1
            else:
                previous = member.status
                if member.pk in held and milder(row.status, than=previous):
                    fields["status"] = previous  # a sanction is lifted through its proceeding
                    standing_kept += 1
                for name, value in fields.items():
                    setattr(member, name, value)
                member.save()
                updated += 1
                if member.status != previous:
                    MemberStatusChange.objects.create(
                        member=member,
                        from_status=previous,
                        to_status=member.status,
                        reason="Changed by the membership register import.",
                        changed_by=actor,
                        changed_at=now,
                    )
            for platform, handle in row.handles:
                _, made = SocialHandle.objects.get_or_create(
                    member=member,
                    platform=platform,
                    handle=handle,
                    defaults={"stable_id": handle if is_stable_id(platform, handle) else ""},
                )
                handles_added += int(made)
        result = ImportResult(created, updated, handles_added, standing_kept)
        audit.record(
            actor,
            "member.import",
            ("accounts.member", "register"),
            {
                "created": created,
                "updated": updated,
                "handles_added": handles_added,
                "standing_kept": standing_kept,
            },
        )
        if handles_added:
            # The register gives handles only: their stable ids are looked up in the background.
            transaction.on_commit(_enqueue_handle_lookups)
    return result


def _enqueue_handle_lookups() -> None:
    from upstander.accounts.tasks import member_handles_resolve

    member_handles_resolve.enqueue()
