"""Registering for a meeting, signing the code of conduct, and revoking a place.

The gate: joining details leave the system (page or mail) only for a registration that is not
revoked, whose person is still eligible (see `gate.ineligibility`: not a suspended or expelled
member, and for a members' meeting still a current member of its audience), and that holds a
signature on the code of conduct version that is current *now*. A signature on an older version
stops counting the moment a new version is published, so people sign again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Member, User
from upstander.meetings.errors import (
    CodeOfConductNotPublished,
    MeetingAlreadyStarted,
    MembershipNotInGoodStanding,
    NotEligibleToRegister,
    OldCodeOfConductVersion,
    RegistrationRevoked,
    RevocationReasonRequired,
    SignatureNameRequired,
)
from upstander.meetings.gate import (
    Ineligible,
    current_code_of_conduct,
    ineligibility,
    meeting_ends_at,
)
from upstander.meetings.models import ConductSignature, Meeting, Registration
from upstander.meetings.services.mail import (
    issue_token,
    send_joining_details,
    send_registration_link,
)
from upstander.meetings.services.meetings import meeting_password_rotate, require_host
from upstander.policies.models import PolicyDocument

REFUSED_BARRED = (
    "Your membership is currently suspended or you have been expelled, so you cannot register "
    "for party meetings. If you think this is a mistake, please contact the membership team."
)


@dataclass(frozen=True)
class IssuedRegistration:
    registration: Registration
    token: str
    created: bool


def _check_eligible(meeting: Meeting, user: User | None, email: str) -> None:
    """Refuse someone the gate does not let take part (on registering, and on signing)."""
    refusal = ineligibility(meeting, user=user, email=email)
    if refusal is None:
        return
    if refusal is Ineligible.BARRED:
        raise MembershipNotInGoodStanding(REFUSED_BARRED)
    if refusal is Ineligible.NOT_A_MEMBER:
        raise NotEligibleToRegister(
            "This meeting is for members: please sign in with the account linked to your "
            "membership."
        )
    if refusal is Ineligible.MEMBERSHIP_NOT_CURRENT:
        raise NotEligibleToRegister("This meeting is for members whose membership is current.")
    if refusal is Ineligible.OTHER_BRANCH:
        raise NotEligibleToRegister(f"This meeting is for members of the {meeting.branch} branch.")
    raise NotEligibleToRegister(f"This meeting is for members of the {meeting.network}.")


@transaction.atomic
def registration_create(
    actor: User | None, *, meeting: Meeting, name: str = "", email: str = ""
) -> IssuedRegistration:
    """Register a person (signed in, or anyone for a public meeting) and mail their link.

    Registering again with the same address re-issues the link by mail (the old one dies);
    a revoked person cannot come back.
    """
    if actor is not None:
        email = actor.email
        member = Member.objects.filter(user=actor).first()
        name = name.strip() or (member.full_name if member else "") or str(actor)
    email, name = email.strip().lower(), name.strip()
    if not email or not name:
        raise NotEligibleToRegister("Please give your name and email address.")
    if meeting_ends_at(meeting) <= timezone.now():
        raise MeetingAlreadyStarted("This meeting has already finished.")
    _check_eligible(meeting, actor, email)
    existing = Registration.objects.select_for_update().filter(meeting=meeting, email=email).first()
    # A withdrawn place stays withdrawn for the person, whichever address they use now.
    withdrawn = (
        actor is not None
        and Registration.objects.filter(
            meeting=meeting, user=actor, revoked_at__isnull=False
        ).exists()
    )
    if withdrawn or (existing is not None and existing.is_revoked):
        raise RegistrationRevoked("Your place at this meeting was withdrawn by the host.")
    registration = existing or Registration(meeting=meeting, email=email, name=name, user=actor)
    if existing is not None and actor is not None and existing.user_id is None:
        existing.user = actor
        existing.save(update_fields=["user"])
    token = issue_token(registration)
    send_registration_link(registration)
    audit.record(
        actor,
        "meeting.register" if existing is None else "meeting.register_again",
        registration,
        {"meeting": meeting.pk},
    )
    return IssuedRegistration(registration=registration, token=token, created=existing is None)


@transaction.atomic
def registration_sign(
    actor: User | None, *, registration: Registration, document: PolicyDocument, signed_name: str
) -> ConductSignature:
    """Sign the code of conduct; the joining details are mailed once the signature counts."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=registration.pk)
    )
    if registration.is_revoked:
        raise RegistrationRevoked("Your place at this meeting was withdrawn by the host.")
    current = current_code_of_conduct()
    if current is None:
        raise CodeOfConductNotPublished("The code of conduct is not published yet.")
    if document.pk != current.pk:
        raise OldCodeOfConductVersion(
            f"The code of conduct has changed: version {current.version} is now in force. "
            "Please read it and sign again."
        )
    if not signed_name.strip():
        raise SignatureNameRequired("Please type your name to sign.")
    # Eligible when they registered is not enough: a membership may have lapsed since.
    _check_eligible(registration.meeting, registration.user, registration.email)
    signature, created = ConductSignature.objects.get_or_create(
        registration=registration,
        document=current,
        defaults={"signed_name": signed_name.strip()[:150]},
    )
    if created:
        audit.record(
            actor,
            "meeting.sign_code_of_conduct",
            registration,
            {"meeting": registration.meeting_id, "version": current.version},
        )
        send_joining_details(registration, with_link=False, rotated=False)
    return signature


@transaction.atomic
def registration_revoke(
    actor: User | None, *, registration: Registration, reason: str, rotate_password: bool = False
) -> Registration:
    """Withdraw a place (for example after abuse in the meeting): the link stops working.

    With `rotate_password` the meeting gets a new password in the same step, sent with fresh
    links to everyone still admitted, so the details the person removed may have stop working.
    """
    require_host(actor, registration.meeting)
    if rotate_password:
        # The meeting, then its registrations: the order meeting_password_rotate locks them in.
        Meeting.objects.select_for_update().only("pk").get(pk=registration.meeting_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_revoked:
        return registration
    if not reason.strip():
        raise RevocationReasonRequired("Please say why the place is withdrawn.")
    registration.revoked_at = timezone.now()
    registration.revoked_by = actor
    registration.revoked_reason = reason.strip()[:300]
    registration.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    audit.record(
        actor,
        "meeting.registration_revoke",
        registration,
        {"meeting": registration.meeting_id, "password_rotated": rotate_password},
    )
    if rotate_password:
        meeting_password_rotate(actor, meeting=registration.meeting)
    return registration
