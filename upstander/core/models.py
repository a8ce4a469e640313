from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from upstander.core.crypto import EncryptedTextField

if TYPE_CHECKING:
    # Only named in a type: accounts builds on core, not the other way round.
    from upstander.accounts.models import User


def known_choice(field: str, choices: type[models.Choices], *, name: str) -> models.CheckConstraint:
    """A check that `field` holds one of `choices`: the database refuses any other value."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def unique_while_open(fields: list[str], *, ended: str, name: str) -> models.UniqueConstraint:
    """At most one row with the same `fields` whose `ended` time is not set yet (one live grant
    of a role, one active watch of an account): ended rows stay as history."""
    return models.UniqueConstraint(
        fields=fields, condition=Q(**{f"{ended}__isnull": True}), name=name
    )


def optional_user(
    *, blank: bool = True, related_name: str = "+"
) -> models.ForeignKey[User | None, User | None]:
    """A user a row names (who recorded, decided or asked; whom it concerns), if any.

    The row is a record and outlives the account: deleting the user leaves it naming no one.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class WriteOnceModel(models.Model):
    """A row written once and never changed or deleted (an audit entry, a piece of evidence).

    Each model says what it raises and with what words; its manager is a `WriteOnceQuerySet`'s,
    so that bulk updates and deletes are refused as single ones are.
    """

    refusal: ClassVar[type[Exception]]
    change_refused: ClassVar[str]
    delete_refused: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise self.refusal(self.change_refused)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise self.refusal(self.delete_refused)


_WriteOnce = TypeVar("_WriteOnce", bound=WriteOnceModel)


class WriteOnceQuerySet(models.QuerySet[_WriteOnce]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise self.model.refusal(self.model.change_refused)

    def delete(self) -> NoReturn:
        raise self.model.refusal(self.model.delete_refused)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class QueuedMail(models.Model):
    """One mail waiting for the worker. The task carries only this row's id, so the task
    queue's rows hold no address, link or text; here they are encrypted.

    A failed hand-over leaves the row waiting, with its attempts, last error and next try;
    after the last try it is marked failed. Once the mail server accepts the mail the row is
    deleted, or, when someone depends on knowing it left (`keep_record`, e.g. a safety alert),
    emptied of address and text and marked sent.
    """

    to = EncryptedTextField()
    subject = EncryptedTextField()
    body = EncryptedTextField()
    unsubscribe_link = EncryptedTextField(blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    keep_record = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Encrypted: a refusal may quote the address.
    last_error = EncryptedTextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        indexes = [
            # The retry sweep: mail still waiting, by when it is due.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
                name="queued_mail_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(failed_at__isnull=True),
                name="queued_mail_sent_or_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"queued mail {self.pk}"

    @property
    def waiting(self) -> bool:
        return self.sent_at is None and self.failed_at is None


class SubmissionKey(models.Model):
    """A create form's one-time key, claimed in the same transaction as the row it created.

    A second POST of the same rendered form (a double click, a reload after a slow answer)
    finds its key taken and is sent to what the first one made instead of making it again.
    Rows are pruned with the task results: a key older than that is never posted again.
    """

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=40)
    result_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"submission key for {self.kind} {self.result_id}"


class ThreadMessage(models.Model):
    """One message of a thread between staff and someone they help: who wrote it (no one once
    their account is gone, or for an anonymous reporter), what it says, and when."""

    author = optional_user()
    body = EncryptedTextField()
    created_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
