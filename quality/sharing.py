"""Examples shared with networks, and copies of them (issue 16 point 5).

A municipality shares a principle set, a routine or an evaluation template with one or more of
its networks (a ``<Model>Share`` row per network, read only through access.visibility). Members
of that network browse the examples on the network's page and copy one into their own
municipality: a new row owned by them whose ``copied_from_label`` names where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.context import NetworkContext
from access.visibility import shared_with_network
from municipalities.models import Municipality

from .models import (
    EvaluationTemplate,
    EvaluationTemplateShare,
    Principle,
    PrincipleSet,
    PrincipleSetShare,
    Routine,
    RoutineShare,
    Source,
)

# URL kind -> (model, share model, the share's field, label)
KINDS = {
    "grund": (PrincipleSet, PrincipleSetShare, "principle_set", gettext_lazy("Vetenskaplig grund")),
    "rutin": (Routine, RoutineShare, "routine", gettext_lazy("Rutin")),
    "mall": (EvaluationTemplate, EvaluationTemplateShare, "evaluation_template", gettext_lazy("Mall för utvärdering")),
}


def kind_of(obj) -> str:
    return next(k for k, (model, *_rest) in KINDS.items() if isinstance(obj, model))


def shares_set(*, obj, network_ids: list[int], allowed_ids, by) -> None:
    """Share ``obj`` with exactly these networks (of the municipality's); an empty list unshares."""
    if isinstance(obj, PrincipleSet) and not obj.is_adopted and network_ids:
        raise ValidationError(_("Bara en antagen version kan delas."))
    if set(network_ids) - set(allowed_ids):
        raise ValidationError(_("Välj bland kommunens nätverk."))
    _model, share_model, field, _label = KINDS[kind_of(obj)]
    with transaction.atomic():
        share_model.objects.filter(**{field: obj}).exclude(network_id__in=network_ids).delete()
        for network_id in network_ids:
            share_model.objects.get_or_create(**{field: obj, "network_id": network_id},
                                              defaults={"shared_by": by, "shared_at": timezone.now()})


def shared_network_ids(*, obj) -> list[int]:
    _model, share_model, field, _label = KINDS[kind_of(obj)]
    return list(share_model.objects.filter(**{field: obj}).values_list("network_id", flat=True))


@dataclass(frozen=True)
class Example:
    kind: str
    label: str
    obj: object
    municipality: Municipality
    shared_at: object


def network_examples(*, ctx: NetworkContext) -> list[Example]:
    """Everything the network's member municipalities shared with this network (three queries)."""
    out = []
    for kind, (model, _share, _field, label) in KINDS.items():
        qs = shared_with_network(model.objects.select_related("municipality"), ctx)
        out.extend(Example(kind, str(label), obj, obj.municipality, obj.shared_at) for obj in qs)
    return sorted(out, key=lambda e: (e.municipality.name, e.kind, e.shared_at))


def network_example_get(*, ctx: NetworkContext, kind: str, pk: int):
    if kind not in KINDS:
        raise Http404
    model = KINDS[kind][0]
    obj = shared_with_network(model.objects.select_related("municipality"), ctx).filter(pk=pk).first()
    if obj is None:
        raise Http404(_("Exemplet finns inte, eller så är det inte delat med nätverket."))
    return obj


def _label(obj, network) -> str:
    title = getattr(obj, "title", None) or getattr(obj, "name", "")
    return _("Kopia av ”%(t)s” från %(m)s, delad i %(n)s.") % {"t": title, "m": obj.municipality.name, "n": network.name}


@transaction.atomic
def example_copy(*, obj, into: Municipality, network, by):
    """Copy a shared example into ``into``: a new row it owns, saying where it came from."""
    from .services import principle_set_create

    if obj.municipality_id == into.pk:
        raise ValidationError(_("Det här är redan er egen."))
    label = _label(obj, network)[:400]
    if isinstance(obj, PrincipleSet):
        copy = principle_set_create(municipality=into, created_by=by, title=obj.title, introduction=obj.introduction)
        copy.copied_from_label = label
        copy.save(update_fields=["copied_from_label"])
        for p in obj.principles.prefetch_related("sources"):
            new = Principle.objects.create(principle_set=copy, title=p.title, classroom=p.classroom, position=p.position)
            for s in p.sources.all():
                Source.objects.create(principle=new, author=s.author, title=s.title, year=s.year, url=s.url)
        return copy
    if isinstance(obj, Routine):
        # A municipal routine: the original's school and named people belong to the other municipality.
        return Routine.objects.create(
            municipality=into, title=obj.title, who_level=obj.who_level, who_role=obj.who_role, month=obj.month,
            week=obj.week, steps=obj.steps, copied_from_label=label,
        )
    return EvaluationTemplate.objects.create(municipality=into, name=obj.name, headings=obj.headings,
                                             copied_from_label=label)
