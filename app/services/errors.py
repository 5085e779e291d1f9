"""Specific failures of the services; the web layer turns them into HTTP codes in one place."""

from __future__ import annotations

from typing import Any


class ClaimdeskError(Exception):
    """Base of every expected failure; `status` is the HTTP code it maps to."""

    status = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(ClaimdeskError):
    """The thing asked for does not exist (or is not visible to the asker)."""

    status = 404


class Forbidden(ClaimdeskError):
    """The actor's role does not allow this."""

    status = 403


class InvalidInput(ClaimdeskError):
    """A value the service cannot accept: an unknown label, a bad URL, a bad date."""

    status = 422


class StaleVersion(ClaimdeskError):
    """The write was based on an old version; `details["current"]` holds the present state."""

    status = 409


class Throttled(ClaimdeskError):
    """Too many attempts in a short time; try again later."""

    status = 429
