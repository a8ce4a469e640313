"""The accounts the blocklist reaches: a protected person's consent, and the party's list."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Platform, Role, User
from upstander.accounts.permissions import has_role, require_role
from upstander.blocking import writers
from upstander.blocking.errors import AccountNotConnected, ConsentRequired, CredentialsRefused
from upstander.blocking.models import BlockingAccount, Method, PartyList
from upstander.core.errors import NotPermitted
from upstander.platforms.bluesky_records import record_key
from upstander.platforms.errors import AuthenticationFailed, PlatformError

X_MUTES_ONLY = (
    "X allows blocking through its API only on a higher (Enterprise) plan, which the party does "
    "not have: choose mute for an X account (its abusive replies can be hidden from the review "
    "queue)."
)

# Shown on the consent screen and stored with the consent, word for word.
CONSENT_TEXT = {
    Method.MODLIST: (
        "I ask the party to block, on my account, the accounts on its shared blocklist, by "
        "subscribing my account to the party's moderation list. I understand that on Bluesky "
        "blocks, lists and list subscriptions are public: anyone can see that my account "
        "subscribes to the list and which accounts are on it. I can choose muting instead, "
        "which is private, and I can withdraw at any time."
    ),
    Method.BLOCK: (
        "I ask the party to block, on my account, the accounts on its shared blocklist. I "
        "understand that on Bluesky blocks are public: anyone can see whom my account blocks. "
        "I can choose muting instead, which is private, and I can withdraw at any time."
    ),
    Method.MUTE: (
        "I ask the party to mute, on my account, the accounts on its shared blocklist. Muting is "
        "private: the muted account is not told and can still see and reply to my posts, but I "
        "will not see them. I can withdraw at any time."
    ),
}


def _may_act_for(actor: User | None, person: User) -> None:
    if actor is None or actor.pk == person.pk:
        return
    if not has_role(actor, Role.CASE_WORKER, Role.SAFEGUARDING_LEAD):
        raise NotPermitted("Only the person themself, or their case worker, may do this.")


def _verified_account_id(
    *, platform: str, handle: str, account_id: str, service_url: str, credential: str
) -> str:
    """Sign in with the credentials given, as the platform would for a block; returns the
    account's stable id as the platform reports it. Nothing is stored when this fails."""
    trial = BlockingAccount(
        platform=platform,
        handle=handle,
        account_id=account_id,
        service_url=service_url,
        credential=credential,
    )
    where = "X" if platform == Platform.X else service_url
    try:
        if platform == Platform.BLUESKY:
            # Cached by credential: the first delivery reuses this session.
            found = writers.bluesky_for(trial).did
        elif platform == Platform.MASTODON:
            found = writers.mastodon_for(trial).verify_credentials().id
        elif platform == Platform.X:
            found = writers.x_for(trial).me().id
        else:
            raise CredentialsRefused("The party cannot block on this platform's accounts yet.")
    except AuthenticationFailed:
        raise CredentialsRefused(
            f"{where} did not accept these credentials. Check the app password (Bluesky) or "
            "access token (Mastodon, X) and try again; nothing was saved."
        ) from None
    except PlatformError as error:
        raise CredentialsRefused(
            f"Could not check these credentials with {where}: {error.message} "
            "Nothing was saved; try again."
        ) from None
    if account_id and found != account_id:
        raise CredentialsRefused(
            f"These credentials belong to another account ({found}), not {account_id}. "
            "Nothing was saved."
        )
    return found


def blocking_account_connect(
    actor: User | None,
    *,
    person: User,
    platform: str,
    handle: str,
    account_id: str,
    service_url: str,
    credential: str,
    method: str,
    consent: bool,
) -> BlockingAccount:
    """The person opts an account in to the blocklist, having read the consent text.

    The credentials are checked with the platform first (a sign-in, outside any transaction):
    "connected" means the party can act on the account; refused credentials store nothing.
    """
    _may_act_for(actor, person)
    if not consent:
        raise ConsentRequired("Tick the box to say you agree; nothing is set up without it.")
    if method == Method.MODLIST and platform != Platform.BLUESKY:
        raise ConsentRequired("Only Bluesky has moderation lists; choose block or mute.")
    if platform == Platform.X and method != Method.MUTE:
        raise ConsentRequired(X_MUTES_ONLY)
    if not credential.strip():
        raise ConsentRequired("Give the app password or access token for this account.")
    handle = handle.strip().lstrip("@")
    # X is always reached at the API the settings name: a typed address is not asked for.
    service_url = str(settings.X_API_URL) if platform == Platform.X else service_url.strip()
    verified_id = _verified_account_id(
        platform=platform,
        handle=handle,
        account_id=account_id.strip(),
        service_url=service_url,
        credential=credential.strip(),
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                account = BlockingAccount.objects.create(
                    person=person,
                    platform=platform,
                    handle=handle,
                    account_id=verified_id,
                    service_url=service_url,
                    credential=credential.strip(),
                    method=method,
                    consent_statement=CONSENT_TEXT[Method(method)],
                    consent_given_at=timezone.now(),
                )
        except IntegrityError:
            raise ConsentRequired("This account is already connected to the blocklist.") from None
        audit.record(
            actor, "blocking.account_connect", account, {"platform": platform, "method": method}
        )
        if method == Method.MODLIST:
            from upstander.blocking.tasks import subscribe_to_party_list

            transaction.on_commit(lambda: subscribe_to_party_list.enqueue(account_pk=account.pk))
    return account


@transaction.atomic
def blocking_account_revoke(actor: User | None, *, account: BlockingAccount) -> BlockingAccount:
    """Withdraw consent: the credential is erased; existing blocks stay until lifted."""
    _may_act_for(actor, account.person)
    if account.revoked_at is not None:
        raise AccountNotConnected("This account is no longer connected.")
    account.revoked_at = timezone.now()
    account.credential = ""
    account.save(update_fields=["revoked_at", "credential"])
    audit.record(actor, "blocking.account_revoke", account, {})
    return account


@transaction.atomic
def party_list_configure(
    actor: User | None,
    *,
    handle: str,
    account_id: str,
    service_url: str,
    credential: str,
) -> PartyList:
    """Name the party's own Bluesky account, which owns the moderation list."""
    require_role(actor, Role.ADMINISTRATOR, Role.SAFEGUARDING_LEAD)
    party, _ = PartyList.objects.update_or_create(
        platform=Platform.BLUESKY,
        defaults={
            "handle": handle.strip().lstrip("@"),
            "account_id": account_id.strip(),
            "service_url": service_url.strip(),
            "credential": credential.strip(),
        },
    )
    audit.record(actor, "blocking.party_list_configure", party, {"handle": party.handle})
    return party


def party_list_create(*, name: str = "Party blocklist", description: str = "") -> PartyList:
    """Write the moderation list record (once; a second call finds it) and store its URI."""
    party = PartyList.objects.get(platform=Platform.BLUESKY)
    uri = writers.bluesky_for(party).modlist_ensure(
        rkey=record_key(timestamp_us=0, clock_id=party.pk),
        name=name,
        description=description
        or "Accounts that abused people our party protects. Subscribe to block them all.",
    )
    with transaction.atomic():
        PartyList.objects.filter(pk=party.pk).update(list_uri=uri)
        audit.record(None, "blocking.party_list_create", party, {"uri": uri})
    party.list_uri = uri
    return party


def blocking_account_subscribe(*, account: BlockingAccount) -> BlockingAccount:
    """Subscribe the person's Bluesky account to the party list with one `listblock` record."""
    from upstander.blocking.services.perform import subscription_rkey

    party = PartyList.objects.filter(platform=Platform.BLUESKY).exclude(list_uri="").first()
    if party is None:
        raise AccountNotConnected("The party's moderation list is not set up yet.")
    uri = writers.bluesky_for(account).listblock_ensure(
        list_uri=party.list_uri, rkey=subscription_rkey(account)
    )
    with transaction.atomic():
        BlockingAccount.objects.filter(pk=account.pk).update(subscription_uri=uri, last_error="")
        audit.record(None, "blocking.account_subscribe", account, {"uri": uri})
    account.subscription_uri = uri
    return account


@transaction.atomic
def blocking_account_subscribe_failed(*, account: BlockingAccount, error: str) -> None:
    """The consent-time subscription could not be written: say why on the account (the
    deliveries retry it later)."""
    BlockingAccount.objects.filter(pk=account.pk).update(last_error=error[:500])
    audit.record(None, "blocking.account_subscribe_failed", account, {"error": error[:200]})
