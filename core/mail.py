"""Helpers for e-mail that goes to many people: one failure never stops the others."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger("skolnatverk.mail")


@dataclass
class SendTally:
    """How many messages of a run went out, and how many failed (each failure is logged)."""

    sent: int = 0
    failed: int = 0

    def __add__(self, other: SendTally) -> SendTally:
        return SendTally(sent=self.sent + other.sent, failed=self.failed + other.failed)


def send_isolated(tally: SendTally, send: Callable[[], bool], *, what: str) -> None:
    """Run one send so that its failure is logged and counted, and the run goes on.

    One bad row (a title that cannot be a mail header, a mail server refusing one address) used
    to raise out of the whole reminders run, so nobody in any tenant got a reminder until it was
    fixed. ``send`` returns False when there was nothing to send (already sent).
    """
    try:
        tally.sent += bool(send())
    except Exception:
        tally.failed += 1
        logger.exception("E-post kunde inte skickas: %s", what)


def subject_line(text: str) -> str:
    """Text for a mail subject: one line whatever a row holds (CR/LF there would start a header)."""
    return " ".join(text.split())
