"""Pages of the quality work: thin views over quality.services and quality.selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from access.context import MunicipalityContext, NetworkContext
from access.rights import (
    can_follow_principal_time,
    can_read_quality,
    can_see_principal_time,
    can_tick_routine_task,
    can_write_municipal_quality,
    can_write_school_quality,
    can_write_some_quality,
    quality_copy_municipality_ids,
    require,
)
from access.tenant import municipality_view, network_view
from access.visibility import can_see_member_contacts

from . import selectors, services
from .forms import (
    ActionForm,
    AdoptForm,
    CauseForm,
    DialogueActionForm,
    DialogueForm,
    EvaluationForm,
    EvaluationTemplateForm,
    FollowUpForm,
    MinutesForm,
    PrincipleForm,
    PrincipleSetForm,
    ResultForm,
    RoutineForm,
    SectionsForm,
    TickForm,
)
from .models import DocumentKind, DocumentStatus


def _base(ctx: MunicipalityContext, **extra) -> dict:
    return {"ctx": ctx, "municipality": ctx.municipality, **extra}


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@municipality_view
@require_GET
def home(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_read_quality(ctx))
    return render(request, "quality/home.html", _base(
        ctx, statuses=selectors.tool_statuses(municipality=ctx.municipality),
    ))


# --- 1 Vetenskaplig grund ------------------------------------------------------------------------

@municipality_view
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def principles(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """The version in force, the reader's kvittens, coverage, versions and the poster."""
    require(can_read_quality(ctx))
    can_write = can_write_municipal_quality(ctx)
    current = selectors.current_principle_set(municipality=ctx.municipality)
    form = PrincipleSetForm(request.POST or None) if can_write else None
    if request.method == "POST":
        require(can_write)
        if form.is_valid():
            draft = services.principle_set_create(
                municipality=ctx.municipality, created_by=request.user, copy_of=current, **form.cleaned_data
            )
            messages.success(request, _("Ett utkast till version %(v)s är skapat.") % {"v": draft.version})
            return redirect("quality:principle_set", municipality=ctx.municipality.slug, pk=draft.pk)
    docs = selectors.documents(municipality=ctx.municipality, kind=DocumentKind.POSTER)
    context = _base(
        ctx, current=current, can_write=can_write, form=form, documents=docs,
        any_active=any(d.is_active for d in docs),
        principles=selectors.principles_with_sources(principle_set=current) if current else [],
        confirmed=selectors.has_confirmed(principle_set=current, user=request.user),
        coverage=selectors.confirmation_coverage(principle_set=current, municipality=ctx.municipality)
        if current else None,
        versions=selectors.principle_sets(municipality=ctx.municipality) if can_write else [],
        share_form=share_form_for(ctx, current) if can_write and current else None,
    )
    if request.htmx:
        return render(request, "quality/principles.html#documents", context)
    return render(request, "quality/principles.html", context)


@municipality_view
@require_POST
def confirm(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_read_quality(ctx))
    principle_set = selectors.principle_set_get(municipality=ctx.municipality, pk=pk)
    try:
        services.confirmation_create(principle_set=principle_set, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tack! Du har kvitterat att du har läst och diskuterat version %(v)s.")
                         % {"v": principle_set.version})
    return redirect("quality:principles", municipality=ctx.municipality.slug)


@municipality_view
@require_POST
def principles_remind(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_write_municipal_quality(ctx))
    principle_set = selectors.principle_set_get(municipality=ctx.municipality, pk=pk)
    if not principle_set.is_adopted:
        raise Http404
    from .tasks import send_principle_reminders

    transaction.on_commit(lambda: send_principle_reminders.delay(principle_set.pk))
    messages.success(request, _("En påminnelse skickas till dem som inte har kvitterat."))
    return redirect("quality:principles", municipality=ctx.municipality.slug)


@municipality_view
@require_http_methods(["GET", "POST"])
def principle_set(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    """One version: a draft is edited and adopted here; an adopted one is only read."""
    require(can_write_municipal_quality(ctx))
    ps = selectors.principle_set_get(municipality=ctx.municipality, pk=pk)
    form = PrincipleSetForm(request.POST or None, initial={"title": ps.title, "introduction": ps.introduction})
    adopt_form = AdoptForm(initial={"adopted_on": timezone.localdate()})
    if request.method == "POST":
        if "adopted_on" in request.POST:
            adopt_form = AdoptForm(request.POST)
            form = PrincipleSetForm(initial={"title": ps.title, "introduction": ps.introduction})
            if adopt_form.is_valid():
                try:
                    services.principle_set_adopt(principle_set=ps, adopted_by=request.user, **adopt_form.cleaned_data)
                except ValidationError as exc:
                    _form_errors(adopt_form, exc)
                else:
                    messages.success(request, _("Version %(v)s är antagen. Nu kan alla kvittera den.") % {"v": ps.version})
                    return redirect("quality:principles", municipality=ctx.municipality.slug)
        elif form.is_valid():
            try:
                services.principle_set_update(principle_set=ps, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Utkastet är sparat."))
                return redirect("quality:principle_set", municipality=ctx.municipality.slug, pk=ps.pk)
    return render(request, "quality/principle_set.html", _base(
        ctx, ps=ps, form=form, adopt_form=adopt_form,
        principles=selectors.principles_with_sources(principle_set=ps),
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def principle_edit(request: HttpRequest, ctx: MunicipalityContext, pk: int, principle: int | None = None) -> HttpResponse:
    require(can_write_municipal_quality(ctx))
    ps = selectors.principle_set_get(municipality=ctx.municipality, pk=pk)
    if ps.is_adopted:
        messages.error(request, _("Versionen är antagen och kan inte ändras. Gör en ny version."))
        return redirect("quality:principle_set", municipality=ctx.municipality.slug, pk=ps.pk)
    obj = selectors.principle_get(principle_set=ps, pk=principle) if principle is not None else None
    initial = {}
    if obj is not None:
        initial = {"title": obj.title, "classroom": obj.classroom, "sources": "\n".join(
            " | ".join(str(x) for x in (s.author, s.title, s.year or "", s.url) if x != "") for s in obj.sources.all()
        )}
    form = PrincipleForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if request.POST.get("delete") and obj is not None:
            services.principle_delete(principle=obj)
            messages.success(request, _("Principen är borttagen."))
            return redirect("quality:principle_set", municipality=ctx.municipality.slug, pk=ps.pk)
        if form.is_valid():
            services.principle_save(principle_set=ps, principle=obj, **form.cleaned_data)
            messages.success(request, _("Principen är sparad."))
            return redirect("quality:principle_set", municipality=ctx.municipality.slug, pk=ps.pk)
    return render(request, "quality/principle_form.html", _base(ctx, ps=ps, principle=obj, form=form))


@municipality_view
@require_POST
def poster_request(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_write_municipal_quality(ctx))
    ps = selectors.principle_set_get(municipality=ctx.municipality, pk=pk)
    services.document_request(municipality=ctx.municipality, kind=DocumentKind.POSTER, requested_by=request.user,
                              principle_set=ps)
    messages.success(request, _("Affischen skapas. Den syns i listan när den är klar."))
    return redirect("quality:principles", municipality=ctx.municipality.slug)


@municipality_view
@require_GET
def document_download(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_read_quality(ctx))
    doc = selectors.document_get(municipality=ctx.municipality, pk=pk)
    if doc.kind == DocumentKind.DIALOGUE:
        require(can_write_school_quality(ctx, doc.dialogue.school_id if doc.dialogue_id else None))
    if doc.status != DocumentStatus.DONE or not doc.file:
        raise Http404(_("Dokumentet är inte klart."))
    name = f"{doc.kind}-{ctx.municipality.slug}-{doc.created:%Y%m%d}.pdf"
    response = FileResponse(doc.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


# --- 2 Rutiner och årsklocka ---------------------------------------------------------------------

def _school_filter(request: HttpRequest, ctx: MunicipalityContext):
    from municipalities.models import School

    raw = request.GET.get("skola", "")
    if raw.isascii() and raw.isdigit():
        return School.objects.filter(municipality=ctx.municipality, pk=int(raw)).first()
    return None


@municipality_view
@require_GET
@vary_on_headers("HX-Request")
def routines(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """The routines, the årsklocka with its table, this year's follow-up."""
    from municipalities.models import School

    from .clock import draw_year_clock

    require(can_read_quality(ctx))
    school = _school_filter(request, ctx)
    routine_list = selectors.routines(municipality=ctx.municipality, school_id=school.pk if school else None)
    months = selectors.year_clock(routine_list=routine_list)
    year = selectors.school_year_of(timezone.localdate())
    docs = selectors.documents(municipality=ctx.municipality, kind=DocumentKind.YEAR_CLOCK)
    context = _base(
        ctx, school=school, schools=School.objects.filter(municipality=ctx.municipality).order_by("name"),
        months=months, svg=draw_year_clock(months=months), routine_count=len(routine_list),
        year_label=selectors.school_year_label(year),
        follow_up=selectors.routine_follow_up(municipality=ctx.municipality, school_year=year),
        can_write=can_write_some_quality(ctx), can_write_municipal=can_write_municipal_quality(ctx),
        documents=docs, any_active=any(d.is_active for d in docs),
    )
    if request.htmx:
        return render(request, "quality/routines.html#documents", context)
    return render(request, "quality/routines.html", context)


def _routine_form(request, ctx, initial=None):
    only = None if can_write_municipal_quality(ctx) else ctx.school_id
    return RoutineForm(request.POST or None, municipality=ctx.municipality, only_school_id=only, initial=initial)


@municipality_view
@require_http_methods(["GET", "POST"])
def routine_edit(request: HttpRequest, ctx: MunicipalityContext, pk: int | None = None) -> HttpResponse:
    require(can_write_some_quality(ctx))
    routine = selectors.routine_get(municipality=ctx.municipality, pk=pk) if pk is not None else None
    if routine is not None:
        require(can_write_school_quality(ctx, routine.school_id))
    initial = None
    if routine is not None:
        initial = {"title": routine.title, "school": routine.school_id, "who_level": routine.who_level,
                   "who_role": routine.who_role, "people": list(routine.people.all()), "month": routine.month,
                   "week": routine.week, "steps": routine.steps}
    form = _routine_form(request, ctx, initial)
    if request.method == "POST" and form.is_valid():
        require(can_write_school_quality(ctx, form.cleaned_data["school"].pk if form.cleaned_data["school"] else None))
        try:
            routine = services.routine_save(municipality=ctx.municipality, routine=routine, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Rutinen är sparad."))
            return redirect("quality:routine", municipality=ctx.municipality.slug, pk=routine.pk)
    return render(request, "quality/routine_form.html", _base(ctx, routine=routine, form=form))


@municipality_view
@require_GET
def routine(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_read_quality(ctx))
    obj = selectors.routine_get(municipality=ctx.municipality, pk=pk)
    year = selectors.school_year_of(timezone.localdate())
    return render(request, "quality/routine.html", _base(
        ctx, routine=obj, people=list(obj.people.all()), today=timezone.localdate(),
        tasks=selectors.routine_tasks(municipality=ctx.municipality, school_year=year, routine=obj),
        year_label=selectors.school_year_label(year),
        can_write=can_write_school_quality(ctx, obj.school_id),
        share_form=share_form_for(ctx, obj) if can_write_municipal_quality(ctx) else None,
    ))


@municipality_view
@require_POST
def tasks_generate(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_write_municipal_quality(ctx))
    year = selectors.school_year_of(timezone.localdate())
    n = services.routine_tasks_generate(municipality=ctx.municipality, school_year=year)
    messages.success(request, _("%(n)s nya uppgifter för läsåret %(y)s.") % {"n": n, "y": selectors.school_year_label(year)})
    return redirect("quality:routines", municipality=ctx.municipality.slug)


@municipality_view
@require_http_methods(["GET", "POST"])
def task(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_read_quality(ctx))
    obj = selectors.routine_task_get(municipality=ctx.municipality, pk=pk)
    may_tick = can_tick_routine_task(ctx, obj)
    form = TickForm(request.POST or None, initial={"done": True, "comment": obj.comment}) if may_tick else None
    if request.method == "POST":
        require(may_tick)
        if form.is_valid():
            services.routine_task_tick(task=obj, user=request.user, **form.cleaned_data)
            messages.success(request, _("Uppgiften är markerad som genomförd.") if form.cleaned_data["done"]
                             else _("Uppgiften är markerad som inte genomförd."))
            return redirect("quality:task", municipality=ctx.municipality.slug, pk=obj.pk)
    return render(request, "quality/task.html", _base(ctx, task=obj, form=form, today=timezone.localdate()))


@municipality_view
@require_POST
def clock_pdf(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_write_some_quality(ctx))
    school = _school_filter(request, ctx)
    services.document_request(municipality=ctx.municipality, kind=DocumentKind.YEAR_CLOCK,
                              requested_by=request.user, school=school)
    messages.success(request, _("Årsklockan skapas som PDF. Den syns i listan när den är klar."))
    return redirect("quality:routines", municipality=ctx.municipality.slug)


# --- 5 Analysarbete ------------------------------------------------------------------------------

def _only_school(ctx: MunicipalityContext) -> int | None:
    return None if can_write_municipal_quality(ctx) else ctx.school_id


@municipality_view
@require_http_methods(["GET", "POST"])
def evaluations(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """The evaluations, and the form for a new one (from a template) for those who write."""
    require(can_read_quality(ctx))
    can_write = can_write_some_quality(ctx)
    form = EvaluationForm(request.POST or None, municipality=ctx.municipality, only_school_id=_only_school(ctx)) \
        if can_write else None
    if request.method == "POST":
        require(can_write)
        if form.is_valid():
            school = form.cleaned_data["school"]
            require(can_write_school_quality(ctx, school.pk if school else None))
            ev = services.evaluation_create(municipality=ctx.municipality, created_by=request.user, **form.cleaned_data)
            messages.success(request, _("Utvärderingen är skapad."))
            return redirect("quality:evaluation", municipality=ctx.municipality.slug, pk=ev.pk)
    return render(request, "quality/evaluations.html", _base(
        ctx, evaluations=selectors.evaluations(municipality=ctx.municipality), form=form,
        templates=selectors.evaluation_templates(municipality=ctx.municipality),
        can_write_municipal=can_write_municipal_quality(ctx),
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def evaluation_template(request: HttpRequest, ctx: MunicipalityContext, pk: int | None = None) -> HttpResponse:
    require(can_write_municipal_quality(ctx))
    obj = selectors.evaluation_template_get(municipality=ctx.municipality, pk=pk) if pk is not None else None
    form = EvaluationTemplateForm(request.POST or None,
                                  initial={"name": obj.name, "headings": obj.headings} if obj else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_template_save(municipality=ctx.municipality, template=obj, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Mallen är sparad."))
            return redirect("quality:evaluations", municipality=ctx.municipality.slug)
    return render(request, "quality/evaluation_template.html", _base(
        ctx, template_obj=obj, form=form, share_form=share_form_for(ctx, obj) if obj else None))


@municipality_view
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    """One evaluation: its sections, its causal chains, and last time's expected effects to follow up.

    Each form posts with a ``form`` field naming it; a bad one is shown again with its errors.
    """
    require(can_read_quality(ctx))
    ev = selectors.evaluation_get(municipality=ctx.municipality, pk=pk)
    can_write = can_write_school_quality(ctx, ev.school_id)
    chains = selectors.evaluation_chains(evaluation=ev)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    data = request.POST if which else None
    sections_form = SectionsForm(data if which == "sections" else None, sections=ev.sections)
    result_form = ResultForm(data if which == "result" else None, municipality=ctx.municipality, prefix="result")
    cause_forms, action_forms = {}, {}
    from .forms import members_of

    members = list(members_of(ctx.municipality)) if can_write else []
    target = request.POST.get("result") if which in ("cause", "action") else None
    for r in chains:
        bound = target == str(r.pk)
        cause_forms[r.pk] = CauseForm(data if bound and which == "cause" else None, prefix=f"c{r.pk}")
        action_forms[r.pk] = ActionForm(data if bound and which == "action" else None, result=r,
                                        municipality=ctx.municipality, members=members, prefix=f"a{r.pk}")
    follow_ups = selectors.actions_to_follow_up(evaluation=ev)
    follow_forms = {}
    follow_target = request.POST.get("action") if which == "follow" else None
    for a in follow_ups:
        bound = follow_target == str(a.pk)
        follow_forms[a.pk] = FollowUpForm(
            data if bound else None, prefix=f"f{a.pk}",
            initial={"outcome": a.outcome, "observed_effect": a.observed_effect},
        )
    if which:
        require(can_write)
        done = _evaluation_post(request, ctx, ev, which, chains, sections_form, result_form, cause_forms,
                                action_forms, follow_ups, follow_forms)
        if done:
            return redirect(f"{request.path}#{done}")
    current = selectors.latest_values(
        municipality=ctx.municipality,
        indicator_ids=[a.result.indicator_id for a in follow_ups if a.result.indicator_id],
    )
    return render(request, "quality/evaluation.html", _base(
        ctx, ev=ev, can_write=can_write, chains=[
            (r, cause_forms[r.pk], action_forms[r.pk]) for r in chains
        ], sections_form=sections_form, result_form=result_form,
        follow_ups=[(a, follow_forms[a.pk], current.get(a.result.indicator_id)) for a in follow_ups],
    ))


def _evaluation_post(request, ctx, ev, which, chains, sections_form, result_form, cause_forms, action_forms,
                     follow_ups, follow_forms) -> str:
    """Handle one of the evaluation page's forms; the anchor to return to, or "" when it had errors."""
    by_pk = {str(r.pk): r for r in chains}
    if which == "sections" and sections_form.is_valid():
        services.evaluation_sections_save(evaluation=ev, texts=sections_form.texts())
        messages.success(request, _("Utvärderingen är sparad."))
        return "sections"
    if which == "result" and result_form.is_valid():
        r = services.result_add(evaluation=ev, **result_form.cleaned_data)
        messages.success(request, _("Resultatet är tillagt. Skriv nu orsakerna och deras belägg."))
        return f"result-{r.pk}"
    if which in ("cause", "action"):
        r = by_pk.get(request.POST.get("result", ""))
        if r is None:
            raise Http404
        form = cause_forms[r.pk] if which == "cause" else action_forms[r.pk]
        if form.is_valid():
            try:
                if which == "cause":
                    services.cause_add(result=r, **form.cleaned_data)
                else:
                    services.action_add(result=r, created_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
                return ""
            messages.success(request, _("Orsaken är tillagd.") if which == "cause" else _("Åtgärden är tillagd."))
            return f"result-{r.pk}"
    if which == "follow":
        action = next((a for a in follow_ups if str(a.pk) == request.POST.get("action", "")), None)
        if action is None:
            raise Http404
        form = follow_forms[action.pk]
        if form.is_valid():
            try:
                services.action_follow_up(action=action, evaluation=ev, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
                return ""
            messages.success(request, _("Uppföljningen är sparad."))
            return "follow-up"
    return ""


# --- 6 Kvalitetsdialoger -------------------------------------------------------------------------

@municipality_view
@require_http_methods(["GET", "POST"])
def dialogues(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_read_quality(ctx))
    can_write = can_write_some_quality(ctx)
    form = DialogueForm(request.POST or None, municipality=ctx.municipality, only_school_id=_only_school(ctx)) \
        if can_write else None
    if request.method == "POST":
        require(can_write)
        if form.is_valid():
            school = form.cleaned_data["school"]
            require(can_write_school_quality(ctx, school.pk if school else None))
            d = services.dialogue_create(municipality=ctx.municipality, created_by=request.user, **form.cleaned_data)
            messages.success(request, _("Kvalitetsdialogen är planerad. Dagordningen är ifylld med de senaste siffrorna."))
            return redirect("quality:dialogue", municipality=ctx.municipality.slug, pk=d.pk)
    return render(request, "quality/dialogues.html", _base(
        ctx, dialogues=selectors.dialogues(municipality=ctx.municipality), form=form, now=timezone.now(),
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def dialogue(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_read_quality(ctx))
    d = selectors.dialogue_get(municipality=ctx.municipality, pk=pk)
    can_write = can_write_school_quality(ctx, d.school_id)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    minutes_form = MinutesForm(request.POST if which == "minutes" else None,
                               initial={"agenda": d.agenda, "minutes": d.minutes})
    action_form = DialogueActionForm(request.POST if which == "action" else None, municipality=ctx.municipality)
    if which:
        require(can_write)
        if which == "minutes" and minutes_form.is_valid():
            services.dialogue_update(dialogue=d, **minutes_form.cleaned_data)
            messages.success(request, _("Anteckningarna är sparade."))
            return redirect("quality:dialogue", municipality=ctx.municipality.slug, pk=d.pk)
        if which == "action" and action_form.is_valid():
            services.dialogue_action_add(dialogue=d, created_by=request.user, **action_form.cleaned_data)
            messages.success(request, _("Åtgärden är sparad som ett åtagande med ansvarig."))
            return redirect("quality:dialogue", municipality=ctx.municipality.slug, pk=d.pk)
        if which == "pdf":
            services.document_request(municipality=ctx.municipality, kind=DocumentKind.DIALOGUE,
                                      requested_by=request.user, dialogue=d)
            messages.success(request, _("Protokollet skapas som PDF. Det syns i listan när det är klart."))
            return redirect("quality:dialogue", municipality=ctx.municipality.slug, pk=d.pk)
    docs = selectors.documents(municipality=ctx.municipality, kind=DocumentKind.DIALOGUE, dialogue=d) if can_write else []
    context = _base(
        ctx, d=d, can_write=can_write, minutes_form=minutes_form, action_form=action_form,
        commitments=selectors.dialogue_commitments(dialogue=d), documents=docs,
        any_active=any(x.is_active for x in docs), principal_time=_dialogue_principal_time(ctx, d),
    )
    if request.htmx:
        return render(request, "quality/dialogue.html#documents", context)
    return render(request, "quality/dialogue.html", context)


def _dialogue_principal_time(ctx: MunicipalityContext, d) -> list:
    """The school's principals' time beside the agenda, only for whom may see it (the principal, förvaltning)."""
    from principal_time.selectors import principal_summaries

    if d.school_id is None or not (can_follow_principal_time(ctx) or ctx.is_principal):
        return []
    return [row for row in principal_summaries(municipality=ctx.municipality, school=d.school)
            if can_see_principal_time(ctx, row.membership.user_id)]


@municipality_view
@require_GET
def dialogue_ical(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    from .calendar import dialogue_ical as build

    require(can_read_quality(ctx))
    d = selectors.dialogue_get(municipality=ctx.municipality, pk=pk)
    response = HttpResponse(build(dialogue=d), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kvalitetsdialog-{d.pk}.ics"'
    return response


# --- Examples shared with networks, and copies -------------------------------------------------

def _own_example(ctx: MunicipalityContext, kind: str, pk: int):
    from .sharing import KINDS

    if kind not in KINDS:
        raise Http404
    obj = KINDS[kind][0].objects.filter(municipality=ctx.municipality, pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def share_form_for(ctx: MunicipalityContext, obj, data=None):
    from networks.forms import ShareForm

    from .sharing import shared_network_ids

    return ShareForm(data, network_ids=ctx.network_ids, shared_ids=shared_network_ids(obj=obj))


@municipality_view
@require_POST
def share(request: HttpRequest, ctx: MunicipalityContext, kind: str, pk: int) -> HttpResponse:
    """Share one of the municipality's principle sets, routines or templates with chosen networks."""
    from .sharing import shares_set

    require(can_write_municipal_quality(ctx))
    obj = _own_example(ctx, kind, pk)
    form = share_form_for(ctx, obj, request.POST)
    if form.is_valid():
        ids = [] if request.POST.get("action") == "unshare" else [n.pk for n in form.cleaned_data["networks"]]
        try:
            shares_set(obj=obj, network_ids=ids, allowed_ids=ctx.network_ids, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Delningen är sparad.") if ids else _("Exemplet delas inte längre."))
    else:
        messages.error(request, _("Välj bland kommunens nätverk."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = reverse("quality:home", kwargs={"municipality": ctx.municipality.slug})
    return redirect(back)


@network_view
@require_GET
def network_examples(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    from .sharing import network_examples as examples

    require(can_see_member_contacts(ctx))
    return render(request, "quality/network_examples.html", {
        "ctx": ctx, "network": ctx.network, "examples": examples(ctx=ctx),
    })


@network_view
@require_GET
def network_example(request: HttpRequest, ctx: NetworkContext, kind: str, pk: int) -> HttpResponse:
    from .sharing import KINDS, network_example_get

    require(can_see_member_contacts(ctx))
    obj = network_example_get(ctx=ctx, kind=kind, pk=pk)
    targets = [m.municipality for m in ctx.own_memberships
               if m.municipality_id in quality_copy_municipality_ids(ctx) and m.municipality_id != obj.municipality_id]
    return render(request, "quality/network_example.html", {
        "ctx": ctx, "network": ctx.network, "obj": obj, "kind": kind, "label": KINDS[kind][3], "targets": targets,
        "principles": selectors.principles_with_sources(principle_set=obj) if kind == "grund" else [],
    })


@network_view
@require_POST
def example_copy(request: HttpRequest, ctx: NetworkContext, kind: str, pk: int) -> HttpResponse:
    from municipalities.models import Municipality

    from .sharing import example_copy as copy_it
    from .sharing import network_example_get

    allowed = quality_copy_municipality_ids(ctx)
    require(bool(allowed))
    obj = network_example_get(ctx=ctx, kind=kind, pk=pk)
    raw = request.POST.get("into", "")
    into = Municipality.objects.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    if into is None or into.pk not in allowed:
        raise Http404
    try:
        copy = copy_it(obj=obj, into=into, network=ctx.network, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("quality:network_example", network=ctx.network.slug, kind=kind, pk=pk)
    messages.success(request, _("Kopian finns nu hos %(m)s. Den är er egen: ändra den så att den passar er.")
                     % {"m": into.name})
    if kind == "grund":
        return redirect("quality:principle_set", municipality=into.slug, pk=copy.pk)
    if kind == "rutin":
        return redirect("quality:routine", municipality=into.slug, pk=copy.pk)
    return redirect("quality:evaluation_template", municipality=into.slug, pk=copy.pk)
