"""A mapping's reminders: members who have not answered it, once per mapping (the hourly run in
commitments.services.reminders_send calls reviews.services.mapping_reminders_send)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from commitments.models import ReminderPreference
from reviews import services

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_members_who_have_not_answered_an_open_mapping_are_reminded_once(world):
    from reviews.models import Mapping, Response, Template

    template = Template.objects.create(name="SKR")
    mapping = Mapping.objects.create(
        municipality=world.a, template=template, title="Vårens kartläggning",
        opens_on=_today() - datetime.timedelta(days=2), closes_on=_today() + datetime.timedelta(days=5),
    )
    Response.objects.create(mapping=mapping, user=world.user("rektor"), level="rektor", submitted_at=timezone.now())
    ReminderPreference.objects.create(user=world.user("namnd"), email_reminders=False)
    sent = services.mapping_reminders_send(today=_today(), skip_user_ids={world.user("namnd").pk}).sent
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert sent == 3
    assert recipients == ["coordinator@example.se", "forvaltning@example.se", "larare@example.se"]
    assert f"/k/alby/kartlaggning/{mapping.pk}/svara/" in mail.outbox[0].body
    assert services.mapping_reminders_send(today=_today(), skip_user_ids=set()).sent == 1  # namnd, now not skipped
    assert services.mapping_reminders_send(today=_today(), skip_user_ids=set()).sent == 0


def test_a_member_who_chose_the_digest_gets_the_mapping_reminder_kept_for_it(world):
    from commitments.models import DigestEntry
    from reviews.models import Mapping, Template

    template = Template.objects.create(name="SKR")
    Mapping.objects.create(
        municipality=world.a, template=template, title="Höstens kartläggning",
        opens_on=_today() - datetime.timedelta(days=1), closes_on=_today() + datetime.timedelta(days=5),
    )
    namnd = world.user("namnd")
    others = {u.pk for u in (world.user(p) for p in ("coordinator", "forvaltning", "larare", "rektor"))}
    assert services.mapping_reminders_send(today=_today(), skip_user_ids=others, digest_user_ids={namnd.pk}).sent == 1
    assert mail.outbox == []
    assert DigestEntry.objects.get(user=namnd).subject == "Kartläggning att besvara: Höstens kartläggning"
