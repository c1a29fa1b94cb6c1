from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access.context import MunicipalityContext, NetworkContext
from access.rights import (
    can_accept_goal_proposal,
    can_create_goal,
    can_edit_goal,
    can_edit_municipal_goals,
    can_propose_goal,
    can_record_goal_adoption,
    can_share_goal_with_network,
    require,
)
from access.tenant import municipality_view, network_view
from commitments import selectors as commitment_selectors
from core.locking import StaleEdit
from indicators import selectors as indicator_selectors
from networks.forms import ShareForm

from . import charts, selectors, services
from .forms import AdoptionForm, GoalForm, IndicatorLinkForm, ProposalForm
from .progression import STATUS_RULE


def _base(ctx: MunicipalityContext, **extra) -> dict:
    return {"ctx": ctx, "municipality": ctx.municipality, **extra}


def _to_goal(ctx: MunicipalityContext, goal) -> HttpResponse:
    return redirect("goals:detail", municipality=ctx.municipality.slug, pk=goal.pk)


@municipality_view
def tree(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    return render(
        request,
        "goals/tree.html",
        _base(
            ctx,
            # Lazy: computed only when the tenant-cached fragment has to be rendered.
            nodes=SimpleLazyObject(lambda: selectors.goal_flat_tree(municipality=ctx.municipality)),
            counts=SimpleLazyObject(lambda: selectors.goal_counts(municipality=ctx.municipality)),
            can_create=can_create_goal(ctx),
            can_propose=can_propose_goal(ctx),
        ),
    )


@municipality_view
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_create_goal(ctx))
    only_school_id = None if can_edit_municipal_goals(ctx) else ctx.school_id
    # The level defaults to the person's own (an administrator's goal is Förvaltning's).
    form = GoalForm(
        request.POST or None, municipality=ctx.municipality, only_school_id=only_school_id, network_ids=ctx.network_ids,
        initial={"level": ctx.membership.level},
    )
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(municipality=ctx.municipality, created_by=request.user, **form.goal_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Målet är sparat."))
            return _to_goal(ctx, goal)
    return render(request, "goals/form.html", _base(ctx, form=form, heading=_("Nytt mål")))


@municipality_view
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_propose_goal(ctx))
    school = ctx.membership.school
    form = ProposalForm(request.POST or None, municipality=ctx.municipality, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_propose(
                municipality=ctx.municipality, proposed_by=request.user, school=school, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Förslaget är sparat. Rektor eller förvaltningen godkänner det."))
            return _to_goal(ctx, goal)
    return render(
        request,
        "goals/form.html",
        _base(ctx, form=form, heading=_("Föreslå ett mål för lärarlaget"), school=school, is_proposal=True),
    )


@municipality_view
def detail(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    goal = selectors.goal_get(municipality=ctx.municipality, pk=pk)

    def cards() -> list[dict]:
        views = selectors.goal_indicator_views(goal=goal)
        # A Kolada key figure: the municipality beside its comparison group's median.
        kolada = indicator_selectors.kolada_comparisons(
            municipality=ctx.municipality, indicators=[view.link.indicator for view in views]
        )
        return [
            {
                "view": view,
                "series_chart": charts.indicator_series_chart(view, chart_id=f"serie-{view.link.pk}"),
                "cohort_chart": charts.indicator_cohort_chart(view, chart_id=f"arskull-{view.link.pk}"),
                "kolada": kolada.get(view.link.indicator_id),
            }
            for view in views
        ]

    # Read once: the badge, the list of networks and the share form all show them.
    shares = SimpleLazyObject(lambda: selectors.goal_shares(goal=goal))
    cascade = SimpleLazyObject(lambda: selectors.goal_cascade(goal=goal))
    return render(
        request,
        "goals/detail.html",
        _base(
            ctx,
            goal=goal,
            # Lazy: the measures, charts and history are read only when the tenant-cached part
            # of the page has to be rendered.
            cards=SimpleLazyObject(cards),
            cascade=cascade,
            history=SimpleLazyObject(lambda: selectors.goal_history(goal=goal)),
            statements=SimpleLazyObject(lambda: selectors.goal_statements(goal=goal)),
            commitments=SimpleLazyObject(lambda: commitment_selectors.commitments_for_goal(goal=goal)),
            status_rule=STATUS_RULE,
            can_edit=can_edit_goal(ctx, goal),
            can_accept=goal.is_proposal and can_accept_goal_proposal(ctx, goal),
            can_adopt=not goal.is_proposal and can_record_goal_adoption(ctx),
            can_share=not goal.is_proposal and can_share_goal_with_network(ctx),
            shares=shares,
            # The shares the page lists are the ones the form starts from: read once.
            share_form=SimpleLazyObject(lambda: _share_form(ctx, goal, shared_ids=[s.network_id for s in shares])),
        ),
    )


@municipality_view
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    goal = selectors.goal_get(municipality=ctx.municipality, pk=pk)
    require(can_edit_goal(ctx, goal))
    only_school_id = None if can_edit_municipal_goals(ctx) else ctx.school_id
    initial = {
        "title": goal.title, "description": goal.description, "area": goal.area, "level": goal.level,
        "school": goal.school_id, "parent": goal.parent_id, "starts_on": goal.starts_on, "target_on": goal.target_on,
        "statements": [s.pk for s in goal.statements.all()], "version": goal.version,
    }
    form = GoalForm(
        request.POST or None, initial=initial, municipality=ctx.municipality, goal=goal, only_school_id=only_school_id,
        network_ids=ctx.network_ids,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                goal=goal, version=form.cleaned_data["version"] or 0, changed_by=request.user, **form.goal_fields()
            )
        except StaleEdit:
            form.add_error(
                None,
                _(
                    "Någon annan har ändrat målet medan du redigerade. Ladda om sidan för att se den nya versionen "
                    "och gör dina ändringar igen. Ingenting har skrivits över."
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return _to_goal(ctx, goal)
    return render(request, "goals/form.html", _base(ctx, form=form, goal=goal, heading=_("Ändra målet")))


@municipality_view
@require_http_methods(["GET", "POST"])
def adopt(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    goal = selectors.goal_get(municipality=ctx.municipality, pk=pk)
    require(can_record_goal_adoption(ctx))
    form = AdoptionForm(
        request.POST or None,
        initial={"adopted_on": goal.adopted_on, "paragraph": goal.adoption_paragraph},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_record_adoption(
                goal=goal,
                adopted_on=form.cleaned_data["adopted_on"],
                paragraph=form.cleaned_data["paragraph"],
                recorded_by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Nämndens beslut är registrerat."))
            return _to_goal(ctx, goal)
    return render(request, "goals/adopt.html", _base(ctx, form=form, goal=goal))


@municipality_view
@require_POST
def accept(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    goal = selectors.goal_get(municipality=ctx.municipality, pk=pk)
    require(can_accept_goal_proposal(ctx, goal))
    try:
        services.goal_accept_proposal(goal=goal, accepted_by=request.user)
    except ValidationError as exc:
        messages.info(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Förslaget är godkänt och är nu ett av kommunens mål."))
    return _to_goal(ctx, goal)


def _share_form(ctx: MunicipalityContext, goal, data=None, shared_ids: list[int] | None = None) -> ShareForm:
    if shared_ids is None:
        shared_ids = [s.network_id for s in goal.shares.all()]
    return ShareForm(data, network_ids=ctx.network_ids, shared_ids=shared_ids, prefix="dela")


@municipality_view
@require_POST
def share(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    goal = selectors.goal_get(municipality=ctx.municipality, pk=pk)
    require(can_share_goal_with_network(ctx))
    form = _share_form(ctx, goal, request.POST)
    if request.POST.get("action") == "unshare":
        networks = []
    elif form.is_valid():
        networks = list(form.cleaned_data["networks"])
    else:
        messages.error(request, _("Välj bland kommunens nätverk."))
        return _to_goal(ctx, goal)
    try:
        services.goal_set_shared(goal=goal, networks=networks, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Målet delas nu med %(networks)s.") % {"networks": ", ".join(n.name for n in networks)}
            if networks else _("Målet delas inte med något nätverk."),
        )
    return _to_goal(ctx, goal)


@municipality_view
@require_http_methods(["GET", "POST"])
def indicator_add(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    goal = selectors.goal_get(municipality=ctx.municipality, pk=pk)
    require(can_edit_goal(ctx, goal))
    form = IndicatorLinkForm(
        request.POST or None, municipality=ctx.municipality, network_ids=ctx.network_ids, school=goal.school
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_indicator_add(goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Måttet är kopplat till målet."))
            return _to_goal(ctx, goal)
    return render(request, "goals/indicator_form.html", _base(ctx, form=form, goal=goal, heading=_("Koppla ett mått")))


@municipality_view
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, ctx: MunicipalityContext, pk: int, link_pk: int) -> HttpResponse:
    goal = selectors.goal_get(municipality=ctx.municipality, pk=pk)
    require(can_edit_goal(ctx, goal))
    link = selectors.goal_indicator_get(goal=goal, pk=link_pk)
    initial = {k: getattr(link, k) for k in ("baseline_value", "baseline_year", "target_value", "target_year")}
    form = IndicatorLinkForm(request.POST or None, initial=initial, link=link, municipality=ctx.municipality,
                             network_ids=ctx.network_ids, school=goal.school)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_indicator_update(link=link, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Utgångsvärde och målvärde är sparade."))
            return _to_goal(ctx, goal)
    return render(
        request, "goals/indicator_form.html", _base(ctx, form=form, goal=goal, link=link, heading=_("Ändra måttet"))
    )


@municipality_view
@require_http_methods(["GET", "POST"])
def indicator_remove(request: HttpRequest, ctx: MunicipalityContext, pk: int, link_pk: int) -> HttpResponse:
    goal = selectors.goal_get(municipality=ctx.municipality, pk=pk)
    require(can_edit_goal(ctx, goal))
    link = selectors.goal_indicator_get(goal=goal, pk=link_pk)
    if request.method == "POST":
        services.goal_indicator_remove(link=link)
        messages.success(request, _("Måttet är inte längre kopplat till målet. Mätvärdena finns kvar."))
        return _to_goal(ctx, goal)
    return render(request, "goals/indicator_remove.html", _base(ctx, goal=goal, link=link))


@network_view
def network_compare(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    choices = selectors.network_shared_indicators(ctx=ctx)
    selected = selectors.pick_choice(choices=choices, value=request.GET.get("indikator", ""))
    comparison = selectors.network_comparison(ctx=ctx, choice=selected) if selected else None
    return render(
        request,
        "goals/network_compare.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "choices": choices,
            "selected": selected,
            "comparison": comparison,
            "chart": charts.comparison_chart(comparison, chart_id="jamforelse") if comparison else None,
        },
    )
