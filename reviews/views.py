from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from access.context import MunicipalityContext, NetworkContext
from access.rights import (
    can_answer_mapping,
    can_manage_review_templates,
    can_open_mapping,
    can_see_mapping_results,
    require,
)
from access.tenant import municipality_view, network_view
from access.visibility import can_see_published_mappings
from core.params import parse_id
from mailings.models import MailingKind
from mailings.selectors import mailing_latest
from networks.forms import ShareForm
from networks.models import Round
from quality import selectors as quality_selectors

from . import selectors, services
from .forms import AnswerForm, MappingOpenForm, TemplateForm
from .models import Mapping, TemplateKind


def _page(request, template, ctx, **context):
    return render(request, template, {"ctx": ctx, "municipality": ctx.municipality, **context})


# --- The municipality's pages --------------------------------------------------------------------

@municipality_view
def mapping_list(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    return _page(
        request, "reviews/mapping_list.html", ctx,
        mappings=selectors.mapping_list(municipality=ctx.municipality),
        can_open=can_open_mapping(ctx),
    )


@municipality_view
@require_http_methods(["GET", "POST"])
def mapping_open(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_open_mapping(ctx))
    rounds = Round.objects.filter(network_id__in=ctx.network_ids).select_related("network").order_by("network", "number")
    form = MappingOpenForm(
        request.POST or None,
        templates=selectors.templates_for_municipality(municipality=ctx.municipality),
        rounds=rounds,
    )
    if request.method == "POST" and form.is_valid():
        try:
            mapping = services.mapping_open(municipality=ctx.municipality, opened_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Kartläggningen är öppnad. Alla medlemmar på de fyra nivåerna får ett mejl med en länk; "
                  "här ser du hur utskicket går.")
            )
            return redirect("reviews:detail", municipality=ctx.municipality.slug, pk=mapping.pk)
    return _page(request, "reviews/mapping_open.html", ctx, form=form)


@municipality_view
@vary_on_headers("HX-Request")
def mapping_detail(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    mapping = selectors.mapping_get(municipality=ctx.municipality, pk=pk)
    # The coordinator who opens a mapping sees how the e-mail to everyone on the roster went.
    mailing = mailing_latest(
        kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk, municipality=ctx.municipality
    ) if can_open_mapping(ctx) else None
    if request.htmx and request.htmx.target == "mailing-status" and mailing is not None:
        return _page(request, "reviews/mapping_detail.html#mailing-status", ctx, mailing=mailing, announce=True)
    response = selectors.own_response(mapping=mapping, user=request.user)
    return _page(
        request, "reviews/mapping_detail.html", ctx,
        mapping=mapping,
        mailing=mailing,
        participation=selectors.mapping_participation(mapping=mapping),
        own=response,
        can_open=can_open_mapping(ctx),
        is_open=mapping.is_open(),
        is_closed=mapping.is_closed(),
    )


@municipality_view
@require_http_methods(["GET", "POST"])
def mapping_answer(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    """The signed-in person's own answers, and nobody else's: the URL has no person in it."""
    require(can_answer_mapping(ctx))
    mapping = selectors.mapping_get(municipality=ctx.municipality, pk=pk)
    statements = selectors.template_statements(template=mapping.template)
    scale = selectors.template_scale(template=mapping.template)
    response = selectors.own_response(mapping=mapping, user=request.user)
    existing = selectors.own_answers(response=response)
    url = reverse("reviews:answer", kwargs={"municipality": ctx.municipality.slug, "pk": mapping.pk})

    step = _step(request, len(statements))
    if step is None and request.method == "GET" and "steg" not in request.GET and _is_phone(request):
        return redirect(f"{url}?steg=1")
    shown = [statements[step - 1]] if step else statements

    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        statements=shown,
        scale=scale,
        allows_dont_know=mapping.template.allows_dont_know,
        existing=existing,
        comment_label=_("Anteckning från er diskussion (valfri)")
        if mapping.template.kind == TemplateKind.CHOICE
        else _("Kommentar (valfri)"),
    )
    is_open = mapping.is_open()
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("Kartläggningen är stängd. Dina svar har inte ändrats."))
            return redirect(url)
        if form.is_valid():
            action = request.POST.get("action", "save")
            submit = action == "submit"
            try:
                services.response_save(
                    mapping=mapping, user=request.user, level=ctx.level, answers=form.answers(), submit=submit
                )
            except services.IncompleteError as exc:
                messages.warning(request, exc.messages[0])
                first = next(i for i, st in enumerate(statements, start=1) if st.pk == exc.missing[0].pk)
                return redirect(f"{url}?steg={first}" if step else url)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if submit:
                    messages.success(request, _("Tack! Dina svar är inskickade. Du kan ändra dem tills kartläggningen stänger."))
                    return redirect("reviews:detail", municipality=ctx.municipality.slug, pk=mapping.pk)
                if step and action == "next" and step < len(statements):
                    return redirect(f"{url}?steg={step + 1}")
                if step and action == "previous" and step > 1:
                    return redirect(f"{url}?steg={step - 1}")
                messages.success(request, _("Dina svar är sparade som utkast. Du kan komma tillbaka och fortsätta."))
                return redirect(f"{url}?steg={step}" if step else url)
    return _page(
        request, "reviews/mapping_answer.html", ctx,
        mapping=mapping,
        form=form,
        step=step,
        steps=len(statements),
        answered_count=sum(1 for a in existing.values() if a.value is not None or a.dont_know),
        own=response,
        is_open=is_open,
        url=url,
        scale=scale,
        # Modellen 2.0: each dimension's tool status beside the question (issue 16).
        tool_statuses=quality_selectors.tool_statuses_for_mapping(mapping=mapping),
    )


def _step(request: HttpRequest, count: int) -> int | None:
    raw = request.GET.get("steg") or request.POST.get("steg")
    if not raw:
        return None
    step = parse_id(raw) or 1
    return min(max(step, 1), count) if count else None


def _is_phone(request: HttpRequest) -> bool:
    # Without JavaScript the server picks the layout; "Mobi" is in every phone browser's agent.
    return "Mobi" in request.headers.get("User-Agent", "")


@municipality_view
def mapping_results(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_see_mapping_results(ctx))
    mapping = selectors.mapping_get(municipality=ctx.municipality, pk=pk)
    # While answers can still change, a result that moves would show what one person changed.
    has_results = mapping.is_closed()
    # Lazy: computed only when the tenant-cached fragments have to be rendered; each once (the
    # results count the participation too; the share form's choices are the networks the shares
    # were read with, and the head's "shared" badge asks the same shares).
    participation = SimpleLazyObject(lambda: selectors.mapping_participation(mapping=mapping))
    sharing = SimpleLazyObject(lambda: selectors.mapping_sharing(mapping=mapping, network_ids=ctx.network_ids))
    mapping.has_shares = SimpleLazyObject(lambda: bool(sharing.shares))
    return _page(
        request, "reviews/mapping_results.html", ctx,
        mapping=mapping,
        has_results=has_results,
        results=SimpleLazyObject(
            lambda: selectors.mapping_results(mapping=mapping, participation=participation)
        ) if has_results else None,
        participation=participation,
        can_open=can_open_mapping(ctx),
        shares=SimpleLazyObject(lambda: sharing.shares),
        share_form=SimpleLazyObject(lambda: _share_form(
            ctx, mapping, shared_ids=sharing.shared_ids, networks=sharing.networks
        )),
        # Modellen 2.0: the answers beside each dimension's tool (issue 16); built only when not kept.
        tool_statuses=SimpleLazyObject(lambda: quality_selectors.tool_statuses_for_mapping(mapping=mapping)),
    )


@municipality_view
@require_POST
def mapping_close(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_open_mapping(ctx))
    mapping = selectors.mapping_get(municipality=ctx.municipality, pk=pk)
    services.mapping_close(mapping=mapping, by=request.user)
    messages.success(request, _("Kartläggningen är stängd. Resultatet kan nu visas."))
    return redirect("reviews:results", municipality=ctx.municipality.slug, pk=mapping.pk)


def _share_form(
    ctx: MunicipalityContext, mapping: Mapping, data=None, shared_ids: list[int] | None = None, networks=None
) -> ShareForm:
    if shared_ids is None:
        shared_ids = [s.network_id for s in mapping.shares.all()]
    return ShareForm(
        data, network_ids=ctx.network_ids, shared_ids=shared_ids, networks=networks,
        preferred_id=mapping.round.network_id if mapping.round_id else None, prefix="dela",
    )


@municipality_view
@require_POST
def mapping_publish(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_open_mapping(ctx))
    mapping = selectors.mapping_get(municipality=ctx.municipality, pk=pk)
    form = _share_form(ctx, mapping, request.POST)
    if request.POST.get("action") in ("unshare", "unpublish"):
        networks = []
    elif form.is_valid():
        networks = list(form.cleaned_data["networks"])
    else:
        messages.error(request, _("Välj bland kommunens nätverk."))
        return redirect("reviews:results", municipality=ctx.municipality.slug, pk=mapping.pk)
    try:
        services.mapping_publish(mapping=mapping, by=request.user, networks=networks)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("Resultatet är delat med %(networks)s (bara sammanställningen, aldrig enskilda svar).")
            % {"networks": ", ".join(n.name for n in networks)}
            if networks else _("Resultatet delas inte med något nätverk."),
        )
    return redirect("reviews:results", municipality=ctx.municipality.slug, pk=mapping.pk)


# --- The network's pages -------------------------------------------------------------------------

@network_view
def network_results(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_see_published_mappings(ctx))
    return render(
        request, "reviews/network_results.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "data": selectors.side_by_side(ctx=ctx, lineage=request.GET.get("mall")),
            "published": list(selectors.published_mappings(ctx=ctx).order_by("municipality__name", "-opens_on")),
        },
    )


@network_view
def network_mapping(request: HttpRequest, ctx: NetworkContext, pk: int) -> HttpResponse:
    require(can_see_published_mappings(ctx))
    mapping = selectors.published_mapping_get(ctx=ctx, pk=pk)
    if mapping is None:  # unpublished: not shared, so it does not exist for the network
        raise Http404
    return render(
        request, "reviews/network_mapping.html",
        {"ctx": ctx, "network": ctx.network, "mapping": mapping, "results": selectors.mapping_results(mapping=mapping)},
    )


@network_view
def template_list(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_manage_review_templates(ctx))
    templates = list(selectors.templates_for_network(network=ctx.network).prefetch_related("statements"))
    return render(
        request, "reviews/template_list.html",
        {"ctx": ctx, "network": ctx.network, "templates": templates},
    )


@network_view
@require_POST
def template_copy(request: HttpRequest, ctx: NetworkContext, pk: int) -> HttpResponse:
    require(can_manage_review_templates(ctx))
    source = selectors.usable_template_get(network=ctx.network, pk=pk)
    copy = services.template_copy(template=source, network=ctx.network, by=request.user)
    messages.success(request, _("Mallen är kopierad till nätverket. Nu kan ni ändra kopian."))
    return redirect("reviews:template_edit", network=ctx.network.slug, pk=copy.pk)


@network_view
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, ctx: NetworkContext, pk: int) -> HttpResponse:
    require(can_manage_review_templates(ctx))
    template = selectors.network_template_get(network=ctx.network, pk=pk)
    in_use = services.template_is_in_use(template=template)
    form = TemplateForm(request.POST or None, template=template)
    if request.method == "POST" and template.superseded_at is None and form.is_valid():
        try:
            saved = services.template_update(
                template=template,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                statements=form.edits(),
                scale_labels=form.scale_labels(),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if saved.pk != template.pk:
                messages.success(
                    request,
                    _("Mallen används redan i en kartläggning, så ändringarna sparades som en ny version (v%(v)s).")
                    % {"v": saved.version},
                )
            else:
                messages.success(request, _("Mallen är sparad."))
            return redirect("reviews:template_edit", network=ctx.network.slug, pk=saved.pk)
    return render(
        request, "reviews/template_edit.html",
        {"ctx": ctx, "network": ctx.network, "template": template, "form": form, "in_use": in_use},
    )
