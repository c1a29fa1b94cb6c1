"""Rows for the commitments pages: commitments, updates, attachments, feedback, report-back, reminders.

In A, the commitment "open" has no school, is owned by rektor and was made by forvaltning; the
commitment "a2" is for school A2 (rektor and larare are at A1) and owned by the coordinator.
"""

from . import FORBIDDEN, FOUND, NOT_ALLOWED, NOT_FOUND, OK, Row, expect, municipality_page, network_page

BAD_REQUEST = 400


def _meeting(world):
    from ..commitments.factories import make_meeting

    if "meeting" not in world.extra:
        world.extra["meeting"] = make_meeting(network=world.network, number=1)
    return world.extra["meeting"]


def _commitment(world):
    from ..commitments.factories import CommitmentFactory

    if "commitment" not in world.extra:
        world.extra["commitment"] = CommitmentFactory(
            municipality=world.a, owner=world.user("rektor"), created_by=world.user("forvaltning")
        )
    return {"municipality": world.a.slug, "pk": world.extra["commitment"].pk}


def _commitment_a2(world):
    from ..commitments.factories import CommitmentFactory

    c = CommitmentFactory(municipality=world.a, owner=world.user("coordinator"), created_by=world.user("coordinator"))
    c.schools.set([world.school_a2])
    return {"municipality": world.a.slug, "pk": c.pk}


def _attachment(world):
    from django.core.files.base import ContentFile

    from commitments.models import private_storage

    from ..commitments.factories import CommitmentFactory, ProgressUpdateFactory

    name = private_storage().save("commitments/test/plan.pdf", ContentFile(b"%PDF-1.4 test"))
    update = ProgressUpdateFactory(
        commitment=CommitmentFactory(municipality=world.a), attachment=name, attachment_name="plan.pdf",
        attachment_type="application/pdf", attachment_size=13,
    )
    return {"municipality": world.a.slug, "pk": update.pk}


def _meeting_kwargs(world):
    return {"network": world.network.slug, "meeting": _meeting(world).pk}


def _feedback_to(slug):
    def kwargs(world):
        return {"network": world.network.slug, "meeting": _meeting(world).pk, "receiver": slug}

    return kwargs


ROWS = [
    Row("commitments:list", municipality_page()),
    Row("commitments:create", municipality_page(), note="every member makes commitments"),
    Row("commitments:detail", municipality_page(), kwargs=_commitment),
    Row(
        "commitments:edit",
        municipality_page(members=FORBIDDEN, rektor=OK, other_rektor=FORBIDDEN, forvaltning=OK, coordinator=OK),
        kwargs=_commitment,
        note="owner, maker and coordinator edit",
    ),
    Row(
        "commitments:status",
        municipality_page(members=FORBIDDEN, rektor=BAD_REQUEST, other_rektor=FORBIDDEN, coordinator=BAD_REQUEST),
        kwargs=_commitment,
        method="post",
        note="owner and coordinator; an empty form is refused",
    ),
    Row(
        "commitments:status",
        municipality_page(members=NOT_ALLOWED),
        kwargs=_commitment,
        note="GET is not allowed",
    ),
    Row("commitments:update", municipality_page(), kwargs=_commitment, note="no school: every member"),
    Row(
        "commitments:update",
        municipality_page(rektor=FORBIDDEN, larare=FORBIDDEN, other_rektor=OK),
        kwargs=_commitment_a2,
        note="another school's commitment",
    ),
    Row("commitments:attachment", municipality_page(), kwargs=_attachment),
    Row("commitments:feedback_received", municipality_page()),
    Row("commitments:municipality_report_back", municipality_page()),
    Row("commitments:meeting_feedback", network_page(), kwargs=_meeting_kwargs),
    Row(
        "commitments:give_feedback",
        network_page(members=FORBIDDEN, peer=OK),
        kwargs=_feedback_to("alby"),
        note="to A: not from A itself",
    ),
    Row(
        "commitments:give_feedback",
        network_page(peer=FORBIDDEN),
        kwargs=_feedback_to("bstad"),
        note="to B: not from B itself",
    ),
    Row(
        "commitments:give_feedback",
        network_page(members=NOT_FOUND, leader=NOT_FOUND),
        kwargs=_feedback_to("cby"),
        note="to a municipality outside the network",
    ),
    Row("commitments:report_back", network_page(), kwargs=_meeting_kwargs),
    Row("commitments:reminders", expect(OK, anonymous=FOUND)),
]
