"""Rules that refuse a change to a network or a consultation."""

from __future__ import annotations

from upstander.core.errors import DomainError


class NotRepresentative(DomainError):
    """Only a network's representatives respond to a consultation on its behalf."""


class NetworkNotConsulted(DomainError):
    """The consultation was not put to this network."""


class ConsultationClosed(DomainError):
    """Responses are accepted until the deadline, and not after the summary is published."""


class ResponsesAwaitingReply(DomainError):
    """'You said, we did' is published only once every point has an answer."""


class ConsultationAlreadyPublished(DomainError):
    """A published summary does not change."""


class NoNetworkChosen(DomainError):
    """A consultation is put to at least one network."""


class ResponseEmpty(DomainError):
    """A response says something."""
