"""Writes about operative goals: create, edit (with a conflict check), propose, accept, adopt, share."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.locking import locked
from indicators.models import Unit
from municipalities.models import Level, Municipality, School
from networks.models import Network
from networks.services import shares_set

from .models import LEVEL_ORDER, SCHOOL_LEVELS, Goal, GoalIndicator, GoalStatus

# Everything an edit form may change; the rest (municipality, status, adoption, sharing) has its own service.
EDITABLE_FIELDS = ("title", "description", "area", "level", "school", "parent", "starts_on", "target_on", "statements")


def goal_check_placement(
    *,
    municipality: Municipality,
    goal: Goal | None,
    level: str,
    school: School | None,
    parent: Goal | None,
) -> None:
    """Validate where a goal sits in the cascade; raise a ValidationError keyed by field.

    The rules: school and teacher-team goals name a school of the municipality, board and
    administration goals do not; the parent is a goal of the same municipality on the same level
    or one above, in the same school when both have one; and a goal is never its own ancestor.
    """
    errors: dict[str, str] = {}
    if school is not None and school.municipality_id != municipality.pk:
        errors["school"] = _("Skolan hör inte till %(name)s.") % {"name": municipality.name}
    elif level in SCHOOL_LEVELS and school is None:
        errors["school"] = _("Ange vilken skola målet gäller: skol- och lärarlagsmål hör till en skola.")
    elif level not in SCHOOL_LEVELS and school is not None:
        errors["school"] = _("Nämndens och förvaltningens mål gäller hela kommunen: lämna skolan tom.")
    if parent is not None:
        if parent.municipality_id != municipality.pk:
            errors["parent"] = _("Det övergripande målet hör till en annan kommun.")
        elif LEVEL_ORDER[parent.level] > LEVEL_ORDER[level]:
            errors["parent"] = _(
                "Ett mål kan bara höra till ett mål på samma eller en högre nivå (%(parent)s är på nivån %(level)s)."
            ) % {"parent": parent.title, "level": parent.get_level_display()}
        elif parent.school_id and school is not None and parent.school_id != school.pk:
            errors["parent"] = _("Det övergripande målet gäller en annan skola.")
        elif goal is not None and goal.pk is not None and _is_ancestor_or_self(goal_id=goal.pk, parent=parent):
            errors["parent"] = _("Målet kan inte höra till sig självt eller till ett av sina egna delmål.")
    if errors:
        raise ValidationError(errors)


def _is_ancestor_or_self(*, goal_id: int, parent: Goal) -> bool:
    links = dict(Goal.objects.filter(municipality_id=parent.municipality_id).values_list("pk", "parent_id"))
    seen: set[int] = set()
    current: int | None = parent.pk
    while current is not None and current not in seen:
        if current == goal_id:
            return True
        seen.add(current)
        current = links.get(current)
    return False


def _check_dates(starts_on: datetime.date, target_on: datetime.date) -> None:
    if target_on < starts_on:
        raise ValidationError({"target_on": _("Måldatumet kan inte ligga före startdatumet.")})


@transaction.atomic
def goal_create(
    *,
    municipality: Municipality,
    created_by,
    title: str,
    area: str,
    level: str,
    starts_on: datetime.date,
    target_on: datetime.date,
    description: str = "",
    school: School | None = None,
    parent: Goal | None = None,
    status: str = GoalStatus.ACTIVE,
    statements=(),
) -> Goal:
    goal_check_placement(municipality=municipality, goal=None, level=level, school=school, parent=parent)
    _check_dates(starts_on, target_on)
    goal = Goal.objects.create(
        municipality=municipality,
        title=title.strip(),
        description=description.strip(),
        area=area.strip(),
        level=level,
        school=school,
        parent=parent,
        starts_on=starts_on,
        target_on=target_on,
        status=status,
        created_by=created_by,
        proposed_by=created_by if status == GoalStatus.PROPOSED else None,
    )
    if statements:
        goal.statements.set(statements)
    return goal


def goal_propose(
    *,
    municipality: Municipality,
    proposed_by,
    school: School,
    title: str,
    area: str,
    starts_on: datetime.date,
    target_on: datetime.date,
    description: str = "",
    parent: Goal | None = None,
) -> Goal:
    """A teacher team's proposal: a teacher-level goal of their school, waiting for acceptance."""
    return goal_create(
        municipality=municipality,
        created_by=proposed_by,
        title=title,
        area=area,
        level=Level.LARARE,
        school=school,
        parent=parent,
        starts_on=starts_on,
        target_on=target_on,
        description=description,
        status=GoalStatus.PROPOSED,
    )


@transaction.atomic
def goal_update(*, goal: Goal, version: int, changed_by=None, **fields) -> Goal:
    """Save an edit made on ``version`` of the goal.

    Raises core.locking.StaleEdit when the goal was saved by someone else since that version (the
    row is locked while it is compared, so two saves cannot both pass), and ValidationError for a
    placement or dates that break the cascade rules.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"goal_update cannot change {sorted(unknown)}")
    current = locked(goal, version=version)
    statements = fields.pop("statements", None)
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    goal_check_placement(
        municipality=current.municipality, goal=current, level=current.level, school=current.school, parent=current.parent
    )
    _check_dates(current.starts_on, current.target_on)
    current.version += 1
    current._change_reason = _("Ändrat")
    current.save()
    if statements is not None:
        current.statements.set(statements)
    return current


@transaction.atomic
def goal_accept_proposal(*, goal: Goal, accepted_by) -> Goal:
    current = locked(goal)
    if current.status != GoalStatus.PROPOSED:
        raise ValidationError(_("Målet är inget förslag längre."))
    current.status = GoalStatus.ACTIVE
    current.version += 1
    current._change_reason = _("Förslaget godkändes")
    current.save()
    return current


@transaction.atomic
def goal_record_adoption(*, goal: Goal, adopted_on: datetime.date, paragraph: str, recorded_by) -> Goal:
    """Record that the board adopted the goal, with the date and the minutes' paragraph."""
    paragraph = paragraph.strip()
    if not paragraph:
        raise ValidationError({"paragraph": _("Ange paragrafen i protokollet, till exempel § 45.")})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("Datumet för beslutet kan inte ligga i framtiden.")})
    current = locked(goal)
    if current.status == GoalStatus.PROPOSED:
        raise ValidationError(_("Ett förslag måste godkännas innan nämnden kan anta det."))
    current.adopted_on = adopted_on
    current.adoption_paragraph = paragraph
    current.adoption_recorded_by = recorded_by
    current.version += 1
    current._change_reason = _("Antagandet registrerades")
    current.save()
    return current


@transaction.atomic
def goal_set_shared(*, goal: Goal, networks: Iterable[Network], by=None) -> Goal:
    """Share the goal with exactly ``networks`` (of the municipality's); none: it stays at home.

    Recorded per network (access.visibility): a network not chosen never sees the goal. The
    goal's history names the networks it was shared with or stopped being shared with.
    """
    networks = list(networks)
    current = locked(goal)
    if networks and current.status == GoalStatus.PROPOSED:
        raise ValidationError(_("Ett förslag kan inte delas med nätverket."))
    added, removed = shares_set(shares=current.shares, municipality=current.municipality, networks=networks, by=by)
    if not added and not removed:
        return current
    names = {n.pk: n.name for n in Network.objects.filter(pk__in=added | removed)}
    reasons = [_("Delat med %(network)s") % {"network": names[pk]} for pk in sorted(added)]
    reasons += [_("Slutade delas med %(network)s") % {"network": names[pk]} for pk in sorted(removed)]
    current.version += 1
    current._change_reason = "; ".join(reasons)
    current.save()
    return current


# --- Indicators of a goal ------------------------------------------------------------------------

def goal_indicator_check_values(
    *, indicator, baseline_value: Decimal, baseline_year: int, target_value: Decimal, target_year: int
) -> None:
    errors: dict[str, str] = {}
    if target_year <= baseline_year:
        errors["target_year"] = _("Målåret måste komma efter året för utgångsvärdet.")
    if indicator.unit == Unit.PERCENT:
        for name, value in (("baseline_value", baseline_value), ("target_value", target_value)):
            if not Decimal(0) <= value <= Decimal(100):
                errors[name] = _("Måttet är en andel i procent: ange ett värde mellan 0 och 100.")
    elif indicator.unit == Unit.COUNT:
        for name, value in (("baseline_value", baseline_value), ("target_value", target_value)):
            if value < 0:
                errors[name] = _("Ett antal kan inte vara negativt.")
    if "target_value" not in errors and target_value == baseline_value:
        errors["target_value"] = _("Målvärdet måste skilja sig från utgångsvärdet, annars finns inget att följa.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_indicator_add(
    *,
    goal: Goal,
    indicator,
    grade: int | None,
    baseline_value: Decimal,
    baseline_year: int,
    target_value: Decimal,
    target_year: int,
):
    """Link an indicator to a goal with a baseline and a target; one link per indicator and grade."""
    goal_indicator_check_values(
        indicator=indicator, baseline_value=baseline_value, baseline_year=baseline_year,
        target_value=target_value, target_year=target_year,
    )
    if GoalIndicator.objects.filter(goal=goal, indicator=indicator, grade=grade).exists():
        raise ValidationError({"indicator": _("Målet följs redan med det här måttet i den årskursen.")})
    return GoalIndicator.objects.create(
        goal=goal, indicator=indicator, grade=grade, baseline_value=baseline_value, baseline_year=baseline_year,
        target_value=target_value, target_year=target_year,
    )


@transaction.atomic
def goal_indicator_update(
    *, link, baseline_value: Decimal, baseline_year: int, target_value: Decimal, target_year: int
):
    goal_indicator_check_values(
        indicator=link.indicator, baseline_value=baseline_value, baseline_year=baseline_year,
        target_value=target_value, target_year=target_year,
    )
    link.baseline_value, link.baseline_year = baseline_value, baseline_year
    link.target_value, link.target_year = target_value, target_year
    link.save()
    return link


@transaction.atomic
def goal_indicator_remove(*, link) -> None:
    link.delete()
