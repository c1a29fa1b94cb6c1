"""A real mail backend for tests: the locmem outbox, except that it refuses some addresses.

Stands in for a mail server that rejects one recipient (a full mailbox, a typo'd domain), so that
tests can show one bad recipient never stops the others.
"""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSED_MARK = "studsar"


class RefusingEmailBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.recipients() if REFUSED_MARK in address]
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"No such user")))
        return super().send_messages(messages)
