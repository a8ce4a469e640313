"""Connecting and revoking watched accounts; assigning the case workers who follow a person."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Platform, Role, User
from upstander.accounts.permissions import has_role, require_role
from upstander.monitoring.errors import (
    AccountAlreadyWatched,
    AccountNotWatched,
    AlreadyFollowing,
    ConsentRequired,
    DelegateMustBeCaseWorker,
    NotFollowing,
)
from upstander.monitoring.models import Delegation, MonitoringProfile, WatchedAccount
from upstander.monitoring.permissions import OVERSEERS, require_self_or_overseer


@transaction.atomic
def watched_account_connect(
    actor: User | None,
    *,
    person: User,
    platform: Platform,
    handle: str,
    stable_id: str,
    consent_statement: str,
    credential: str = "",
    instance_url: str = "",
) -> WatchedAccount:
    """Watch one of the person's accounts; their consent is recorded with the account."""
    require_self_or_overseer(actor, person)
    if not has_role(person, Role.PROTECTED_PERSON):
        raise ConsentRequired(f"{person} is not a protected person, so nobody watches them.")
    if not consent_statement.strip():
        raise ConsentRequired("The person's consent must be recorded before we watch an account.")
    if WatchedAccount.objects.filter(
        platform=platform, stable_id=stable_id, revoked_at__isnull=True
    ).exists():
        raise AccountAlreadyWatched(f"{handle} is already watched.")
    MonitoringProfile.objects.get_or_create(person=person)
    account = WatchedAccount.objects.create(
        person=person,
        platform=platform,
        handle=handle.lstrip("@").lower(),
        stable_id=stable_id,
        instance_url=instance_url,
        credential=credential,
        consent_statement=consent_statement.strip(),
        consent_given_at=timezone.now(),
        consent_recorded_by=actor,
    )
    audit.record(
        actor,
        "monitoring.account_connect",
        account,
        {"person": person.pk, "platform": str(platform), "with_credentials": bool(credential)},
    )
    return account


@transaction.atomic
def watched_account_revoke(actor: User | None, *, account: WatchedAccount) -> WatchedAccount:
    """Consent withdrawn: monitoring stops and the stored credentials are deleted."""
    account = WatchedAccount.objects.select_for_update().get(pk=account.pk)
    require_self_or_overseer(actor, account.person)
    if account.revoked_at is not None:
        raise AccountNotWatched(f"{account.handle} is no longer watched.")
    account.revoked_at = timezone.now()
    account.revoked_by = actor
    account.credential = ""
    account.session = ""
    account.save(update_fields=["revoked_at", "revoked_by", "credential", "session"])
    audit.record(actor, "monitoring.account_revoke", account, {"person": account.person_id})
    return account


@transaction.atomic
def watched_account_session_save(*, account: WatchedAccount, session: str) -> None:
    """Keep a platform login session for reuse (the monitor itself; nothing to audit)."""
    WatchedAccount.objects.filter(pk=account.pk, revoked_at__isnull=True).update(session=session)


@transaction.atomic
def watched_account_error_record(*, account: WatchedAccount, message: str) -> None:
    """Say on the account why the monitor cannot read it (e.g. a revoked token: the person must
    connect it again), for the lead and the person to see; "" clears it once it reads again.
    The monitor itself records this; only a change is written and audited."""
    message = message[:500]
    changed = (
        WatchedAccount.objects.filter(pk=account.pk)
        .exclude(last_error=message)
        .update(last_error=message)
    )
    account.last_error = message
    if changed:
        audit.record(
            None,
            "monitoring.account_error" if message else "monitoring.account_error_cleared",
            account,
            {"person": account.person_id, "error": message[:200]},
        )


@transaction.atomic
def monitoring_threshold_set(
    actor: User | None, *, person: User, threshold: float
) -> MonitoringProfile:
    require_self_or_overseer(actor, person)
    profile, _ = MonitoringProfile.objects.get_or_create(person=person)
    profile.alert_threshold = threshold
    profile.full_clean()
    profile.save(update_fields=["alert_threshold"])
    audit.record(actor, "monitoring.threshold_set", profile, {"threshold": threshold})
    return profile


@transaction.atomic
def delegate_assign(actor: User | None, *, person: User, delegate: User) -> Delegation:
    """A case worker starts following the person (assigned by a lead, or by the person)."""
    if actor is None or actor.pk != person.pk:
        require_role(actor, *OVERSEERS)
    if not has_role(delegate, Role.CASE_WORKER):
        raise DelegateMustBeCaseWorker(f"{delegate} is not a case worker.")
    if Delegation.objects.filter(person=person, delegate=delegate, ended_at__isnull=True).exists():
        raise AlreadyFollowing(f"{delegate} already follows {person}.")
    delegation = Delegation.objects.create(person=person, delegate=delegate, assigned_by=actor)
    audit.record(
        actor,
        "monitoring.delegate_assign",
        delegation,
        {"person": person.pk, "delegate": delegate.pk},
    )
    return delegation


@transaction.atomic
def delegate_end(actor: User | None, *, delegation: Delegation) -> Delegation:
    """The person (or a lead) stops a case worker from following them."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    require_self_or_overseer(actor, delegation.person)
    if delegation.ended_at is not None:
        raise NotFollowing(f"{delegation.delegate} no longer follows {delegation.person}.")
    delegation.ended_at = timezone.now()
    delegation.ended_by = actor
    delegation.save(update_fields=["ended_at", "ended_by"])
    audit.record(
        actor,
        "monitoring.delegate_end",
        delegation,
        {"person": delegation.person_id, "delegate": delegation.delegate_id},
    )
    return delegation
