from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from access.context import MunicipalityContext, NetworkContext
from access.rights import (
    can_change_commitment_status,
    can_create_commitment,
    can_edit_commitment,
    can_give_feedback,
    can_record_progress,
    require,
)
from access.tenant import municipality_view, network_view, user_view
from access.visibility import can_see_feedback_of_meeting
from core.locking import StaleEdit
from core.params import parse_id
from core.validators import without_control_characters
from municipalities.models import Municipality
from networks import selectors as network_selectors

from . import selectors, services
from .forms import CommitmentForm, FeedbackForm, ProgressUpdateForm, ReminderPreferenceForm, StatusForm
from .models import CommitmentStatus, ReminderPreference, private_storage

STALE_EDIT = gettext_lazy(
    "Någon annan har ändrat åtagandet medan du hade det öppet. Ingenting har sparats: "
    "läs den nya versionen och gör din ändring igen."
)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- Commitments (municipality pages) ----------------------------------------------------------------

@municipality_view
def commitment_list(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in CommitmentStatus.values else ""
    overdue = request.GET.get("forsenade") == "1"
    mine = request.GET.get("mina") == "1"
    page_number = parse_id(request.GET.get("sida", "1")) or 1
    page_number = page_number if page_number < 1_000_000 else 1
    return render(
        request,
        "commitments/list.html",
        {
            "ctx": ctx,
            "municipality": ctx.municipality,
            # Lazy: read only when the tenant-cached table has to be rendered.
            "page": SimpleLazyObject(
                lambda: selectors.commitment_page(
                    municipality=ctx.municipality, status=status, overdue=overdue,
                    owner=request.user if mine else None, number=page_number,
                )
            ),
            "page_number": page_number,
            "pager_params": {
                k: v for k, v in (("status", status), ("forsenade", "1" if overdue else ""), ("mina", "1" if mine else "")) if v
            },
            "status": status,
            "overdue": overdue,
            # The kept table differs per person only when it shows "mine".
            "mine_of": request.user.pk if mine else "",
            "statuses": CommitmentStatus.choices,
            "can_create": can_create_commitment(ctx),
        },
    )


@municipality_view
@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_create_commitment(ctx))
    feedback = None
    feedback_id = parse_id(request.GET.get("aterkoppling") or request.POST.get("aterkoppling"))
    if feedback_id is not None:
        feedback = selectors.feedback_get(municipality=ctx.municipality, pk=feedback_id)
    initial = {
        "due_on": selectors.default_due_on(municipality=ctx.municipality),
        "owner": request.user.pk,
        "levels": [ctx.level],
        "schools": [ctx.school_id] if ctx.school_id else [],
    }
    if feedback is not None:
        # One click from feedback: the feedback's words become the commitment's starting point.
        initial.update(
            title=without_control_characters(feedback.text.splitlines()[0])[:200] if feedback.text.strip() else "",
            description=feedback.text,
            meeting=feedback.meeting_id,
            due_on=selectors.default_due_on(municipality=ctx.municipality, after=feedback.meeting.starts),
        )
    form = CommitmentForm(request.POST or None, ctx=ctx, initial=initial)
    meeting_id = parse_id(request.GET.get("traff"))
    if feedback is None and meeting_id is not None and request.method == "GET":
        # From the meeting page's "Nytt åtagande": made at that meeting (one of the municipality's networks').
        meeting = form.fields["meeting"].queryset.filter(pk=meeting_id).first()
        if meeting is not None:
            form.initial.update(
                meeting=meeting.pk,
                due_on=selectors.default_due_on(municipality=ctx.municipality, after=meeting.starts),
            )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            commitment = services.commitment_create(
                municipality=ctx.municipality, created_by=request.user, source_feedback=feedback, **data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Åtagandet är sparat."))
            return redirect("commitments:detail", municipality=ctx.municipality.slug, pk=commitment.pk)
    return render(
        request,
        "commitments/form.html",
        {"ctx": ctx, "municipality": ctx.municipality, "form": form, "feedback": feedback, "commitment": None},
    )


@municipality_view
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(municipality=ctx.municipality, pk=pk)
    require(can_edit_commitment(ctx, commitment))
    initial = {
        "title": commitment.title,
        "description": commitment.description,
        "levels": commitment.levels,
        "owner": commitment.owner_id,
        "schools": list(commitment.schools.all()),
        "goals": list(commitment.goals.all()),
        "statements": list(commitment.statements.all()),
        "meeting": commitment.meeting_id,
        "due_on": commitment.due_on,
        "version": commitment.version,
    }
    form = CommitmentForm(request.POST or None, ctx=ctx, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.commitment_update(commitment=commitment, version=version, actor=request.user, **data)
        except StaleEdit:
            form.add_error(None, STALE_EDIT)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("commitments:detail", municipality=ctx.municipality.slug, pk=commitment.pk)
    return render(
        request,
        "commitments/form.html",
        {"ctx": ctx, "municipality": ctx.municipality, "form": form, "commitment": commitment, "feedback": None},
    )


def _detail(request, ctx, commitment, *, status_form=None, update_form=None, status: int = 200) -> HttpResponse:
    selectors.commitment_details(commitment=commitment)
    school_ids = {s.pk for s in commitment.schools.all()}
    can_status = can_change_commitment_status(ctx, commitment)
    can_update = can_record_progress(ctx, commitment, school_ids)
    return render(
        request,
        "commitments/detail.html",
        {
            "ctx": ctx,
            "municipality": ctx.municipality,
            "commitment": commitment,
            "updates": selectors.update_page(commitment=commitment, number=parse_id(request.GET.get("sida", "1")) or 1),
            "history": selectors.commitment_history(commitment=commitment),
            "can_edit": can_edit_commitment(ctx, commitment),
            "can_status": can_status,
            "can_update": can_update,
            "status_form": status_form
            or (StatusForm(initial={"status": commitment.status, "reason": commitment.not_done_reason,
                                    "version": commitment.version}) if can_status else None),
            "update_form": update_form or (ProgressUpdateForm() if can_update else None),
        },
        status=status,
    )


@municipality_view
def commitment_detail(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    return _detail(request, ctx, selectors.commitment_get(municipality=ctx.municipality, pk=pk))


@municipality_view
@require_POST
def commitment_status(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(municipality=ctx.municipality, pk=pk)
    require(can_change_commitment_status(ctx, commitment))
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_set_status(
                commitment=commitment, version=form.cleaned_data["version"],
                status=form.cleaned_data["status"], reason=form.cleaned_data["reason"],
            )
        except StaleEdit:
            form.add_error(None, STALE_EDIT)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Statusen är ändrad."))
            return redirect("commitments:detail", municipality=ctx.municipality.slug, pk=commitment.pk)
    return _detail(request, ctx, commitment, status_form=form, status=400)


@municipality_view
@require_http_methods(["GET", "POST"])
def progress_update(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(municipality=ctx.municipality, pk=pk)
    require(can_record_progress(ctx, commitment))
    form = ProgressUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_create(commitment=commitment, author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Tack! Uppdateringen är sparad."))
            return redirect("commitments:detail", municipality=ctx.municipality.slug, pk=commitment.pk)
    return render(
        request,
        "commitments/update_form.html",
        {"ctx": ctx, "municipality": ctx.municipality, "commitment": commitment, "form": form},
        status=400 if form.errors else 200,
    )


@municipality_view
def attachment(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    update = selectors.update_get(municipality=ctx.municipality, pk=pk)
    if not update.attachment:
        raise Http404
    storage = private_storage()
    if not storage.exists(update.attachment):
        raise Http404
    response = FileResponse(
        storage.open(update.attachment, "rb"), as_attachment=True, filename=update.attachment_name or "bilaga",
        content_type=update.attachment_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@municipality_view
def feedback_received(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    return render(
        request,
        "commitments/feedback_received.html",
        {
            "ctx": ctx,
            "municipality": ctx.municipality,
            "feedback": selectors.feedback_received(municipality=ctx.municipality),
            "can_create": can_create_commitment(ctx),
        },
    )


@municipality_view
def municipality_report_back(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    sections = []
    for nm in network_selectors.networks_of_municipality(municipality=ctx.municipality):
        meeting = selectors.report_back_meeting_for(municipality=ctx.municipality, network=nm.network)
        rows = selectors.report_back(meeting=meeting, municipality=ctx.municipality) if meeting else []
        sections.append({"network": nm.network, "meeting": meeting, "row": rows[0] if rows else None})
    return render(
        request,
        "commitments/municipality_report_back.html",
        {"ctx": ctx, "municipality": ctx.municipality, "sections": sections},
    )


# --- Network pages: feedback at a meeting, the report-back screen ----------------------------------

@network_view
def meeting_feedback(request: HttpRequest, ctx: NetworkContext, meeting: int) -> HttpResponse:
    found = network_selectors.meeting_get(network=ctx.network, pk=meeting)
    members = list(network_selectors.member_municipalities(network=ctx.network))
    sees_all = can_see_feedback_of_meeting(ctx)
    return render(
        request,
        "commitments/meeting_feedback.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "meeting": found,
            "receivers": [m for m in members if can_give_feedback(ctx, m.pk)],
            "feedback": selectors.feedback_for_meeting(meeting=found, author=None if sees_all else request.user),
            "sees_all": sees_all,
        },
    )


@network_view
@require_http_methods(["GET", "POST"])
def give_feedback(request: HttpRequest, ctx: NetworkContext, meeting: int, receiver: str) -> HttpResponse:
    found = network_selectors.meeting_get(network=ctx.network, pk=meeting)
    municipality = get_object_or_404(Municipality, slug=receiver, pk__in=ctx.member_municipality_ids)
    require(can_give_feedback(ctx, municipality.pk))
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_create(
                meeting=found,
                municipality=municipality,
                author=request.user,
                author_municipality=ctx.own_memberships[0].municipality if ctx.own_memberships else None,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Tack! Din återkoppling till %(name)s är skickad.") % {"name": municipality.name})
            return redirect("commitments:give_feedback", network=ctx.network.slug, meeting=found.pk, receiver=municipality.slug)
    mine = [f for f in selectors.feedback_for_meeting(meeting=found, author=request.user) if f.municipality_id == municipality.pk]
    return render(
        request,
        "commitments/give_feedback.html",
        {"ctx": ctx, "network": ctx.network, "meeting": found, "receiver": municipality, "form": form, "mine": mine},
        status=400 if form.errors else 200,
    )


@network_view
def report_back(request: HttpRequest, ctx: NetworkContext, meeting: int) -> HttpResponse:
    found = network_selectors.meeting_get(network=ctx.network, pk=meeting)
    # Read once, for the note above the rows and for the rows themselves.
    window = functools.cache(lambda: selectors.report_back_window(meeting=found))
    return render(
        request,
        "commitments/report_back.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "meeting": found,
            "window": SimpleLazyObject(window),
            # Home-made commitments reach the network when the meeting begins: part of the key.
            "presented": found.has_begun,
            # Lazy: read only when the tenant-cached rows have to be rendered.
            "rows": SimpleLazyObject(lambda: selectors.report_back(meeting=found, network_ctx=ctx, window=window())),
        },
    )


# --- The person's own reminder settings ------------------------------------------------------------

@user_view
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    current = ReminderPreference.objects.filter(user=request.user).first()
    # An unticked box posts nothing: the form is bound on every POST, even an empty one.
    form = ReminderPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={
            "email_reminders": current.email_reminders if current else True,
            "weekly_digest": current.weekly_digest if current else False,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.reminder_preference_set(
            user=request.user, email_reminders=form.cleaned_data["email_reminders"],
            weekly_digest=form.cleaned_data["weekly_digest"],
        )
        if form.cleaned_data["email_reminders"] and form.cleaned_data["weekly_digest"]:
            messages.success(request, _("Du får en sammanfattning via e-post varje måndag."))
        elif form.cleaned_data["email_reminders"]:
            messages.success(request, _("Du får påminnelser via e-post."))
        else:
            messages.success(request, _("Du får inga fler påminnelser via e-post."))
        return redirect("commitments:reminders")
    return render(request, "commitments/reminders.html", {"form": form})
