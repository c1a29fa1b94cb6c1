"""Writes for mappings: open, answer, close, publish; copy and edit templates."""

from __future__ import annotations

import datetime
import importlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import date_text
from core.mail import SendTally, send_isolated
from mailings.models import MailingKind
from mailings.services import Recipient, mailing_start
from municipalities.models import Level, Membership, Municipality
from networks.models import Network, Round
from networks.services import shares_set

from .aggregation import LEVEL_ORDER
from .crosstenant import (
    mapping_members_unanswered,
    mapping_roster_recipients,
    mappings_open_on,
    network_ids_of,
    template_is_in_use,
)
from .models import (
    COMMENT_MAX_LENGTH,
    MEMBER_DAYS_BEFORE_OPEN,
    Answer,
    Area,
    LeftOut,
    Mapping,
    Response,
    RosterEntry,
    ScaleStep,
    Statement,
    Template,
)
from .selectors import anonymity_threshold

# --- The shipped templates ----------------------------------------------------------------------
# Loaded by the data migration reviews/0002_shipped_templates, which fixes their lineages.
SKR_LINEAGE = "5a7e1b1e-0000-4000-8000-000000000001"
MODELLEN_LINEAGE = "5a7e1b1e-0000-4000-8000-000000000002"


def shipped_template(lineage: str) -> Template:
    """Version 1 of a template the product ships.

    A database can lose the data migration's rows (``manage.py flush``; a test that flushes):
    then they are loaded again, the way the migration loads them.
    """
    if not Template.objects.filter(lineage=lineage).exists():
        importlib.import_module("reviews.migrations.0002_shipped_templates").load(django_apps, None)
    return Template.objects.get(lineage=lineage, version=1)


# --- Opening, closing, publishing ----------------------------------------------------------------

def mapping_answer_url(mapping: Mapping) -> str:
    return settings.SITE_URL + reverse(
        "reviews:answer", kwargs={"municipality": mapping.municipality.slug, "pk": mapping.pk}
    )


def mapping_open(
    *,
    municipality: Municipality,
    template: Template,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    opened_by,
    round: Round | None = None,
) -> Mapping:
    """The coordinator opens a mapping; everyone in the municipality is e-mailed after commit."""
    errors = {}
    if closes_on < opens_on:
        errors["closes_on"] = _("Sista dag måste vara samma dag som eller efter första dag.")
    network_ids = network_ids_of(municipality=municipality)
    if template.network_id is not None and template.network_id not in network_ids:
        errors["template"] = _("Mallen hör till ett nätverk som kommunen inte är med i.")
    if template.superseded_at is not None:
        errors["template"] = _("Det finns en nyare version av mallen. Välj den.")
    if round is not None and round.network_id not in network_ids:
        errors["round"] = _("Omgången hör till ett nätverk som kommunen inte är med i.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        mapping = Mapping(
            municipality=municipality,
            template=template,
            round=round,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            opened_by=opened_by,
            # Fixed now: lowering the network's setting later changes nothing for this mapping.
            threshold=anonymity_threshold(municipality=municipality),
        )
        mapping.save()
        mapping_roster_freeze(mapping=mapping)
        mapping.left_out_summary = left_out_summary(mapping=mapping)
        mapping.save(update_fields=["left_out_summary"])
        # The worker e-mails everyone on the roster after commit, one row per person (mailings).
        roster = mapping_roster_recipients(mapping=mapping)
        mailing_start(
            kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk, municipality=municipality, requested_by=opened_by,
            recipients=[Recipient(email=email, user_id=user_id) for user_id, email in roster],
        )
    return mapping


def _levels_since(municipality_id: int) -> dict[int, tuple[str, datetime.date]]:
    """For each membership (by id): its level and the date it has had that level since.

    Read from the membership's history (the audit trail records every level change). A level that
    the history does not show being set (a write without history) counts as set today: an answer
    then counts only in the next mapping, never wrongly in this one.
    """
    today = timezone.localdate()
    current = dict(
        Membership.objects.filter(municipality_id=municipality_id).values_list("pk", "level")
    )
    since: dict[int, tuple[str, datetime.date]] = {}
    for pk, level, when in (
        Membership.history.filter(municipality_id=municipality_id)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "level", "history_date")
    ):
        if pk in current and (pk not in since or since[pk][0] != level):
            since[pk] = (level, timezone.localdate(when))
    return {
        pk: since[pk] if pk in since and since[pk][0] == level else (level, today)
        for pk, level in current.items()
    }


def mapping_roster_freeze(*, mapping: Mapping) -> None:
    """Record who is asked: every member at their level now. A member counts in the figures only
    if they have had that level at least MEMBER_DAYS_BEFORE_OPEN days before the mapping opens."""
    cutoff = mapping.opens_on - datetime.timedelta(days=MEMBER_DAYS_BEFORE_OPEN)
    levels = _levels_since(mapping.municipality_id)
    users = dict(Membership.objects.filter(municipality_id=mapping.municipality_id).values_list("pk", "user_id"))
    # bulk_create sends no signals; the mapping's own save in the same transaction renews the
    # municipality's cached pages.
    RosterEntry.objects.bulk_create(
        RosterEntry(mapping=mapping, user_id=users[pk], level=level, level_since=since, counts=since <= cutoff)
        for pk, (level, since) in levels.items()
    )


def left_out_summary(*, mapping: Mapping) -> str:
    """Per level, who is asked but will not count, and which submitted answers are left out and
    why, as one line for the audit trail (the results page shows the same from the selector)."""
    labels = dict(Level.choices)
    reasons = dict(LeftOut.choices)
    new_members: dict[str, int] = {}
    for level, n in (
        RosterEntry.objects.filter(mapping=mapping, counts=False).values_list("level")
        .annotate(n=Count("id")).values_list("level", "n")
    ):
        new_members[level] = n
    parts = [
        _("%(level)s: %(n)s av de tillfrågade är nya på nivån") % {"level": labels[level], "n": n}
        for level, n in sorted(new_members.items(), key=lambda item: LEVEL_ORDER.index(item[0]))
    ]
    for level, reason, n in (
        Response.objects.filter(mapping=mapping, submitted_at__isnull=False, counted=False)
        .values_list("level", "left_out").annotate(n=Count("id")).values_list("level", "left_out", "n")
        .order_by("level", "left_out")
    ):
        parts.append(
            _("%(level)s: %(n)s svar räknas inte (%(reason)s)")
            % {"level": labels[level], "n": n, "reason": reasons.get(reason, reason)}
        )
    return "; ".join(parts)


def mapping_close(*, mapping: Mapping, by) -> Mapping:
    if mapping.closed_at is None:
        mapping.closed_at = timezone.now()
        # The audit trail keeps, with the closing, how many answers were left out and why.
        mapping.left_out_summary = left_out_summary(mapping=mapping)
        mapping.save(update_fields=["closed_at", "left_out_summary"])
    return mapping


def mapping_publish(*, mapping: Mapping, by, networks: Iterable[Network] | None = None) -> Mapping:
    """Share the aggregate result with exactly ``networks`` (of the municipality's; an empty list
    shares it with none). Recorded per network (access.visibility): a network not chosen never
    sees it. Without ``networks``: the network of the mapping's round, else the municipality's
    one network; a municipality in several networks must choose.

    Only a closed mapping: while people can still change their answers, watching the result move
    would show what one person changed.
    """
    if networks is None:
        if mapping.round_id is not None:
            networks = [mapping.round.network]
        else:
            networks = list(Network.objects.filter(memberships__municipality_id=mapping.municipality_id))
            if len(networks) != 1:
                raise ValidationError({"networks": _("Välj vilka nätverk som ska se resultatet.")})
    networks = list(networks)
    if networks and not mapping.is_closed():
        raise ValidationError(_("Kartläggningen måste vara stängd innan resultatet kan delas med nätverket."))
    with transaction.atomic():
        shares_set(shares=mapping.shares, municipality=mapping.municipality, networks=networks, by=by)
    return mapping


def mapping_unpublish(*, mapping: Mapping, by) -> Mapping:
    """Stop sharing the result with every network."""
    return mapping_publish(mapping=mapping, by=by, networks=[])


# --- Answering -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class AnswerInput:
    """What a person gave for one statement: a scale value, or "vet inte", and a comment."""

    statement_id: int
    value: int | None = None
    dont_know: bool = False
    comment: str = ""


class AnswerError(ValidationError):
    pass


class IncompleteError(AnswerError):
    """Submitting with statements left unanswered: the answers were saved as a draft."""

    def __init__(self, missing: list[Statement]):
        self.missing = missing
        super().__init__(
            _("Dina svar är sparade som utkast. Svara på alla påståenden innan du skickar in. Saknas: %(list)s.")
            % {"list": ", ".join(str(st.position) for st in missing)}
        )


def _validate(mapping: Mapping, answers: list[AnswerInput]) -> None:
    template = mapping.template
    statement_ids = set(template.statements.values_list("pk", flat=True))
    scale = set(template.scale_steps.values_list("value", flat=True))
    errors = []
    for a in answers:
        if a.statement_id not in statement_ids:
            errors.append(_("Ett svar gällde ett påstående som inte finns i den här kartläggningen."))
        if a.value is not None and a.value not in scale:
            errors.append(
                _("%(value)s finns inte på skalan. Välj ett av alternativen %(min)s–%(max)s.")
                % {"value": a.value, "min": min(scale), "max": max(scale)}
            )
        if a.dont_know and a.value is not None:
            errors.append(_("Välj antingen ett värde eller ”vet inte”, inte båda."))
        if a.dont_know and not template.allows_dont_know:
            errors.append(_("Den här mallen har inget ”vet inte”-alternativ."))
        if len(a.comment) > COMMENT_MAX_LENGTH:
            errors.append(
                _("En kommentar får vara högst %(max)s tecken (den var %(n)s).")
                % {"max": COMMENT_MAX_LENGTH, "n": len(a.comment)}
            )
    if errors:
        raise AnswerError(errors)


def _get_response(mapping: Mapping, user, level: str) -> Response:
    # Two tabs saving at once: the unique (mapping, user) constraint lets one create, the other
    # finds the row; both then lock it so their answers are written one after the other.
    try:
        with transaction.atomic():
            response, _created = Response.objects.get_or_create(mapping=mapping, user=user, defaults={"level": level})
    except IntegrityError:
        response = Response.objects.get(mapping=mapping, user=user)
    return Response.objects.select_for_update().get(pk=response.pk)


def _counting(mapping: Mapping, user, level: str) -> tuple[str, bool, str]:
    """``(level, counted, left_out)`` for a person's response, from the roster fixed at opening.

    Someone on the roster answers at the level they were asked at; they count if they had it well
    before the mapping opened. Someone who joined later answers at their level now and counts in
    participation only.
    """
    entry = RosterEntry.objects.filter(mapping=mapping, user=user).first()
    if entry is None:
        return level, False, LeftOut.NOT_ASKED
    if not entry.counts:
        return entry.level, False, LeftOut.NEW_MEMBER
    return entry.level, True, ""


def response_save(
    *, mapping: Mapping, user, level: str, answers: list[AnswerInput], submit: bool = False
) -> Response:
    """Save a person's answers (a draft), and maybe submit. Changing is allowed until closed.

    Saving the same statement twice (two tabs) keeps one answer, the last written. Nothing is
    saved when any answer is invalid. Submitting requires an answer to every statement.
    """
    if not mapping.is_open():
        if mapping.is_closed():
            raise AnswerError(_("Kartläggningen är stängd. Svaren kan inte längre ändras."))
        raise AnswerError(_("Kartläggningen har inte öppnat än."))
    _validate(mapping, answers)
    with transaction.atomic():
        response = _get_response(mapping, user, level)
        for a in answers:
            if a.value is None and not a.dont_know and not a.comment:
                Answer.objects.filter(response=response, statement_id=a.statement_id).delete()
                continue
            Answer.objects.update_or_create(
                response=response,
                statement_id=a.statement_id,
                defaults={"value": a.value, "dont_know": a.dont_know, "comment": a.comment},
            )
        missing = unanswered_statements(mapping=mapping, response=response) if submit else []
        if response.submitted_at is not None and not submit and unanswered_statements(
            mapping=mapping, response=response
        ):
            # A submitted response stays complete: refuse (and roll back) emptying an answer.
            raise AnswerError(_("Du har redan skickat in. Varje påstående behöver ett svar (eller ”vet inte”)."))
        if submit and not missing:
            response.submitted_at = timezone.now()
        response.level, response.counted, response.left_out = _counting(mapping, user, level)
        response.save()
    if missing:
        # The draft is kept (nothing in it was invalid); only the submission is refused.
        raise IncompleteError(missing)
    return response


def unanswered_statements(*, mapping: Mapping, response: Response) -> list[Statement]:
    answered = set(
        response.answers.filter(Q(value__isnull=False) | Q(dont_know=True)).values_list("statement_id", flat=True)
    )
    return [st for st in mapping.template.statements.order_by("position", "pk") if st.pk not in answered]


# --- Templates -----------------------------------------------------------------------------------

def _clone(template: Template, **overrides) -> Template:
    fields = {
        "name": template.name,
        "description": template.description,
        "kind": template.kind,
        "allows_dont_know": template.allows_dont_know,
        "network": template.network,
        "lineage": template.lineage,
        "version": template.version,
        "copied_from": template,
    }
    fields.update(overrides)
    clone = Template.objects.create(**fields)
    ScaleStep.objects.bulk_create(
        ScaleStep(template=clone, value=s.value, label=s.label) for s in template.scale_steps.all()
    )
    areas = {}
    for area in template.areas.all():
        areas[area.pk] = Area.objects.create(template=clone, title=area.title, position=area.position)
    for st in template.statements.all():
        Statement.objects.create(
            template=clone,
            area=areas.get(st.area_id),
            key=st.key,
            text=st.text,
            short_label=st.short_label,
            description=st.description,
            discussion_prompt=st.discussion_prompt,
            position=st.position,
        )
    return clone


@transaction.atomic
def template_copy(*, template: Template, network: Network, by) -> Template:
    """A project leader copies a template into the network, to edit the copy."""
    return _clone(
        template,
        network=network,
        lineage=uuid.uuid4(),
        version=1,
        name=_("%(name)s (kopia för %(network)s)") % {"name": template.name, "network": network.name},
    )


@dataclass(frozen=True)
class StatementEdit:
    """One row of the template form: an existing statement (pk) or a new one (pk None)."""

    pk: int | None
    text: str
    area_id: int | None = None
    discussion_prompt: str = ""
    delete: bool = False


@transaction.atomic
def template_update(
    *,
    template: Template,
    name: str,
    description: str,
    statements: list[StatementEdit],
    scale_labels: dict[int, str],
    by,
) -> Template:
    """Edit a network's template. A template a mapping uses is never changed under its answers:
    the edit makes a new version (same lineage), and the old one is marked as superseded."""
    if template.network_id is None:
        raise ValidationError(_("Mallar som följer med tjänsten kan inte ändras. Kopiera mallen först."))
    if template.superseded_at is not None:
        raise ValidationError(_("Det finns en nyare version av mallen. Ändra den i stället."))
    target = template
    if template_is_in_use(template=template):
        template.superseded_at = timezone.now()
        template.save(update_fields=["superseded_at"])
        target = _clone(template, version=template.version + 1)
        # Map the old statement and area ids onto the new version's.
        # (Plain queries per version: the old and the new template are read once each, on purpose.)
        by_key = {st.key: st for st in Statement.objects.filter(template=target)}
        old = {st.pk: st.key for st in Statement.objects.filter(template=template)}
        area_map = dict(zip(
            Area.objects.filter(template=template).order_by("position", "pk").values_list("pk", flat=True),
            Area.objects.filter(template=target).order_by("position", "pk").values_list("pk", flat=True),
            strict=True,
        ))
        statements = [
            StatementEdit(
                pk=by_key[old[s.pk]].pk if s.pk in old else None,
                text=s.text,
                area_id=area_map.get(s.area_id),
                discussion_prompt=s.discussion_prompt,
                delete=s.delete,
            )
            for s in statements
        ]
    target.name = name
    target.description = description
    target.save()
    for step in target.scale_steps.all():
        label = scale_labels.get(step.value)
        if label and label != step.label:
            step.label = label
            step.save(update_fields=["label"])
    existing = {st.pk: st for st in target.statements.all()}
    next_position = max((st.position for st in existing.values()), default=0) + 1
    for edit in statements:
        if edit.pk is not None and edit.pk in existing:
            st = existing[edit.pk]
            if edit.delete:
                st.delete()
                continue
            st.text, st.area_id, st.discussion_prompt = edit.text, edit.area_id, edit.discussion_prompt
            st.save()
        elif edit.pk is None and edit.text and not edit.delete:
            key = f"egen-{uuid.uuid4().hex[:8]}"
            Statement.objects.create(
                template=target, key=key, text=edit.text, area_id=edit.area_id,
                discussion_prompt=edit.discussion_prompt, position=next_position,
            )
            next_position += 1
    return target


# --- Reminders (commitments.services.reminders_send runs them hourly) ---------------------------

def mapping_reminders_send(
    *, today: datetime.date, skip_user_ids: Iterable[int] = (), digest_user_ids: Iterable[int] = ()
) -> SendTally:
    """Members of a municipality with an open mapping who have not submitted it: once per mapping.

    Not to people who opted out (``skip_user_ids``); for those who chose the weekly digest
    (``digest_user_ids``) the reminder is kept for it. Each reminder on its own: one that fails
    is logged and counted and the others still go.
    """
    from commitments.models import ReminderKind
    from commitments.services import _send_once

    skip, digest = set(skip_user_ids), set(digest_user_ids)
    tally = SendTally()
    for mapping in mappings_open_on(today=today):
        members = mapping_members_unanswered(mapping=mapping, skip_user_ids=skip)
        path = reverse("reviews:answer", kwargs={"municipality": mapping.municipality.slug, "pk": mapping.pk})
        subject = _("Kartläggning att besvara: %(title)s") % {"title": mapping.title}
        text = _(
            "%(municipality)s gör kartläggningen ”%(title)s” och du har inte svarat ännu. "
            "Den stänger %(date)s. Dina svar visas aldrig för någon annan."
        ) % {"municipality": mapping.municipality.name, "title": mapping.title, "date": date_text(mapping.closes_on)}
        for membership in members:
            send_isolated(
                tally,
                partial(
                    _send_once, user=membership.user, kind=ReminderKind.MAPPING, object_id=mapping.pk,
                    window=mapping.closes_on.isoformat(), subject=subject, text=text, path=path,
                    digest=membership.user_id in digest,
                ),
                what=f"påminnelse om kartläggning {mapping.pk} till användare {membership.user_id}",
            )
    return tally
