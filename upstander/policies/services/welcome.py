"""The new-member welcome pack: which versions each member was sent, and sending it.

How a join triggers the pack, without breaking the layers: `accounts` (where members are
created, one by one or by CSV import) sits below this app and must not import it, and the house
rules forbid signals. So the pack is sent by an idempotent sweep, `welcome_packs_send_pending`,
that finds active members with an address and no pack yet. It runs

- from `manage.py send_welcome_packs` (cron or a systemd timer, every few minutes; any number
  of copies may run: the one-pack-per-member constraint means a member is never sent two), and
- from `seed_demo` (policies.demo) after the demo members are created, and
- from the "Send welcome packs now" button at /staff/welcome-packs/ (e.g. after a CSV import).

Callers above `accounts` (the web layer after a CSV import, say) may also call it directly.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from upstander import audit
from upstander.accounts.models import Member, Role, User
from upstander.accounts.permissions import require_role
from upstander.policies.errors import WelcomePackAlreadySent, WelcomePackPoliciesMissing
from upstander.policies.models import PolicyKind, WelcomePack
from upstander.policies.selectors import members_awaiting_welcome_pack, policy_current
from upstander.policies.tasks import send_welcome_pack


@transaction.atomic
def welcome_pack_send(actor: User | None, *, member: Member) -> WelcomePack:
    """Record the pack (with the current versions) and mail it, with its PDF, on commit."""
    require_role(actor, Role.ADMINISTRATOR)
    equality = policy_current(PolicyKind.EQUALITY)
    behaviour = policy_current(PolicyKind.BEHAVIOUR)
    conduct = policy_current(PolicyKind.CODE_OF_CONDUCT)
    if equality is None or behaviour is None or conduct is None:
        raise WelcomePackPoliciesMissing(
            "Publish the equality statement, the behaviour policy and the code of conduct "
            "before sending welcome packs."
        )
    if WelcomePack.objects.filter(member=member).exists():
        raise WelcomePackAlreadySent(f"{member} has already been sent a welcome pack.")
    address = member.email or (member.user.email if member.user else "")
    pack = WelcomePack.objects.create(
        member=member,
        sent_to=address,
        equality=equality,
        behaviour=behaviour,
        code_of_conduct=conduct,
    )
    audit.record(
        actor,
        "welcome_pack.send",
        member,
        {
            "equality": equality.version,
            "behaviour": behaviour.version,
            "code_of_conduct": conduct.version,
        },
    )
    transaction.on_commit(lambda: send_welcome_pack.enqueue(pack_id=pack.pk))
    return pack


@transaction.atomic
def welcome_pack_undelivered(actor: User | None, *, pack_id: int) -> None:
    """The mail server refused the pack on every try: it is withdrawn, so the member waits for
    one again (the staff page lists them, and the next sweep sends it afresh)."""
    pack = WelcomePack.objects.select_related("member").filter(pk=pack_id).first()
    if pack is None:
        return
    member = pack.member
    pack.delete()
    audit.record(actor, "welcome_pack.undelivered", member, {"pack": pack_id})


def welcome_packs_send_pending(actor: User | None) -> int:
    """Send the pack to every active member who joined and has none yet; returns how many."""
    require_role(actor, Role.ADMINISTRATOR)
    sent = 0
    for member in members_awaiting_welcome_pack():
        try:
            welcome_pack_send(actor, member=member)
        except (WelcomePackAlreadySent, IntegrityError):
            continue  # another copy of the sweep got there first
        sent += 1
    return sent
