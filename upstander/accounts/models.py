"""People: sign-in accounts, their roles, the party's membership register, and subscribers."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone

from upstander.core.blind_index import BlindIndexField
from upstander.core.crypto import EncryptedTextField
from upstander.core.models import known_choice, optional_user, unique_while_open


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can sign in. Membership is separate: members may have no login."""

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May open the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.display_name or self.email


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    PROTECTED_PERSON = "protected_person", "Protected person (candidate or representative)"
    CASE_WORKER = "case_worker", "Case worker"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Safeguarding lead"
    PANEL_MEMBER = "panel_member", "Disciplinary panel member"
    NETWORK_REP = "network_rep", "Equality network representative"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that see other people's cases or personal data: each needs two-factor authentication.
STAFF_ROLES = frozenset(
    {Role.CASE_WORKER, Role.SAFEGUARDING_LEAD, Role.PANEL_MEMBER, Role.ADMINISTRATOR}
)


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=32, choices=Role.choices)
    granted_by = optional_user()
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = optional_user()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            unique_while_open(
                ["user", "role"], ended="revoked_at", name="one_active_grant_per_role"
            ),
            known_choice("role", Role, name="role_grant_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.get_role_display()}"


class Branch(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "branches"

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    EXPELLED = "expelled", "Expelled"
    LAPSED = "lapsed", "Lapsed"


class Member(models.Model):
    """An entry in the party's membership register; `user` is set once they have a login."""

    membership_number = models.CharField(max_length=32, unique=True)
    # The register's names and emails are encrypted; the blind indexes beside them find a member
    # by an exact name or email (members_list, members_barred) without decrypting the table.
    given_name = EncryptedTextField()
    family_name = EncryptedTextField()
    email = EncryptedTextField(blank=True)
    given_name_index = BlindIndexField(source="given_name")
    family_name_index = BlindIndexField(source="family_name")
    email_index = BlindIndexField(source="email")
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="membership"
    )
    status = models.CharField(
        max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    joined_on = models.DateField()
    branch = models.ForeignKey(
        Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Names are ciphertext in the database, so they cannot order rows.
        ordering = ["membership_number"]
        constraints = [
            known_choice("status", MembershipStatus, name="member_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} ({self.membership_number})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class MemberStatusChange(models.Model):
    """One change of a membership's standing and the reason staff gave for it.

    The reason is free text that may name a person or a health matter: it is kept here
    (encrypted, in the member's subject access export), never in the append-only audit log,
    whose entry names this row instead.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=MembershipStatus.choices)
    to_status = models.CharField(max_length=16, choices=MembershipStatus.choices)
    reason = EncryptedTextField(blank=True)
    changed_by = optional_user()  # None: the system (a disciplinary decision, say)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            known_choice("from_status", MembershipStatus, name="member_status_change_from_known"),
            known_choice("to_status", MembershipStatus, name="member_status_change_to_known"),
        ]

    def __str__(self) -> str:
        return f"status of member {self.member_id}: {self.from_status} -> {self.to_status}"


class Platform(models.TextChoices):
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"


class SocialHandle(models.Model):
    """An account a member declared as theirs; matched by handle, or by stable id once resolved."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="handles")
    platform = models.CharField(max_length=16, choices=Platform.choices)
    handle = models.CharField(max_length=253, help_text="Normalised, without a leading @.")
    stable_id = models.CharField(
        max_length=2048, blank=True, help_text="Bluesky DID or Mastodon account URI, once resolved."
    )
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"], name="handle_unique_per_platform"
            ),
            known_choice("platform", Platform, name="handle_platform_known"),
        ]
        indexes = [models.Index(fields=["platform", "stable_id"])]

    def __str__(self) -> str:
        return f"{self.platform}:{self.handle}"


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Subscribed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"


class Subscriber(models.Model):
    """Someone who asked for email updates; only `confirmed` addresses are ever mailed."""

    email = models.EmailField(unique=True)
    status = models.CharField(
        max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            known_choice("status", SubscriptionStatus, name="subscriber_status_known"),
        ]

    def __str__(self) -> str:
        return self.email


class EmailUpdate(models.Model):
    """One email update written by staff and sent to every confirmed subscriber.

    The request only records it; a task queues the mails in batches, moving `cursor` past the
    subscribers already mailed, so a worker that stops resumes where it left off and nobody is
    mailed twice. Each mail is kept as a record (not its text) so the page can show progress.
    """

    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = optional_user(blank=False)
    created_at = models.DateTimeField(default=timezone.now)
    # How many confirmed subscribers there were when it was sent: the progress bar's end.
    recipients = models.PositiveIntegerField(default=0)
    # The last subscriber id whose mail is queued; queuing is finished when `queued_at` is set.
    cursor = models.PositiveBigIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    mails = models.ManyToManyField("core.QueuedMail", blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class HashedSession(AbstractBaseSession):
    """A session row keyed by the SHA-256 of its key (accounts.sessions): a copy of the
    database holds no key that signs anyone in."""

    session_key = models.CharField("session key hash", max_length=64, primary_key=True)

    class Meta:
        verbose_name = "session"

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from upstander.accounts.sessions import SessionStore

        return SessionStore
