import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from access import cache as tenant_cache
from access.context import NetworkContext
from access.rights import (
    can_invite_coordinators,
    can_make_groups,
    can_manage_network_settings,
    can_plan_meetings,
    can_register_for_meetings,
    can_request_network_report,
    can_take_attendance,
    coordinated_municipality_ids,
    require,
)
from access.tenant import network_view, user_view
from commitments import selectors as commitment_selectors
from commitments import success
from core.params import parse_ids
from mailings.models import MailingKind
from mailings.selectors import mailing_latest
from reports import services as report_services

from . import calendar, selectors, services
from .forms import (
    CoordinatorInvitationForm,
    GroupsForm,
    MeetingForm,
    MoveForm,
    NetworkSettingsForm,
    RegisterOthersForm,
    RoundForm,
    WalkInForm,
)
from .grouping import Person, describe
from .models import Meeting


@network_view
def home(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    network = ctx.network
    # The rounds, meetings and memberships every panel needs, read once when the first needs them.
    facts = functools.cache(lambda: selectors.network_facts(network=network))
    # The members table and the project leaders, read together (one query).
    people = functools.cache(lambda: selectors.network_people(network=network, memberships=facts().memberships))
    return render(
        request,
        "networks/home.html",
        {
            "ctx": ctx,
            "network": network,
            # Lazy: read only when the tenant-cached part of the page has to be rendered.
            "members": SimpleLazyObject(lambda: people().members),
            "leaders": SimpleLazyObject(lambda: people().leaders),
            # The apps' panels (networks/_home_panels.html): read here, never in a template tag.
            "rounds_panel": SimpleLazyObject(lambda: selectors.network_rounds_panel(network=network, facts=facts())),
            "meetings": SimpleLazyObject(lambda: commitment_selectors.latest_meetings(
                network=network, meetings=facts().meetings)),
            "factors": SimpleLazyObject(lambda: success.network_success_factors(
                network=network, member_ids=[m.municipality_id for m in facts().memberships],
                meetings=facts().meetings)),
            "cycle_panel": SimpleLazyObject(lambda: report_services.cycle_figure_panel(
                network=network, language=translation.get_language() or "sv", facts=facts(),
                version=tenant_cache.request_version_or_none(request))),
        },
    )


@network_view
def members(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    people = selectors.network_people(network=ctx.network)
    return render(
        request,
        "networks/members.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "members": people.members,
            "leaders": people.leaders,
            "can_invite": can_invite_coordinators(ctx),
        },
    )


@network_view
@require_http_methods(["GET", "POST"])
def invite_coordinator(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_invite_coordinators(ctx))
    form = CoordinatorInvitationForm(request.POST or None, network=ctx.network)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, created = services.coordinator_invite(
                network=ctx.network, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(request, _("En inbjudan har skickats till %(email)s.") % {"email": invitation.email})
            else:
                messages.info(request, _("%(email)s hade redan en inbjudan. Den har förnyats och skickats igen.") % {"email": invitation.email})
            return redirect("networks:members", network=ctx.network.slug)
    has_choices = form.fields["municipality"].queryset.exists()
    return render(
        request, "networks/invite.html", {"ctx": ctx, "network": ctx.network, "form": form, "has_choices": has_choices}
    )


@network_view
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_manage_network_settings(ctx))
    form = NetworkSettingsForm(
        request.POST or None,
        initial={
            "require_mfa_for_leaders": ctx.network.require_mfa_for_leaders,
            "anonymity_threshold": ctx.network.anonymity_threshold,
            "agreed_rounds": ctx.network.agreed_rounds,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.network_settings_update(network=ctx.network, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Inställningarna är sparade."))
            return redirect("networks:settings", network=ctx.network.slug)
    return render(request, "networks/settings.html", {"ctx": ctx, "network": ctx.network, "form": form})


# --- Rounds and meetings -------------------------------------------------------------------------


@network_view
def meetings(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    today = timezone.localdate()
    rows = selectors.network_rounds(network=ctx.network, today=today)
    return render(
        request,
        "networks/meetings.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "rounds": rows,
            "can_plan": can_plan_meetings(ctx),
            "can_add_round": can_plan_meetings(ctx) and len(rows) < ctx.network.agreed_rounds,
            "completed": sum(1 for r in rows if r.phase == selectors.Phase.DONE),
        },
    )


@network_view
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_plan_meetings(ctx))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(network=ctx.network, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Omgång %(n)d är tillagd. Planera nu dess nätverksträff.") % {"n": round_.number})
            return redirect("networks:meeting_plan", network=ctx.network.slug, round_id=round_.pk)
    return render(request, "networks/round_form.html", {"ctx": ctx, "network": ctx.network, "form": form})


@network_view
@require_http_methods(["GET", "POST"])
def meeting_plan(request: HttpRequest, ctx: NetworkContext, round_id: int) -> HttpResponse:
    round_ = selectors.round_get(network=ctx.network, pk=round_id)
    require(can_plan_meetings(ctx))
    meeting = Meeting.objects.filter(round=round_).first()
    initial = {}
    if meeting is not None:
        starts, ends = timezone.localtime(meeting.starts), timezone.localtime(meeting.ends)
        initial = {
            "date": starts.date(),
            "starts_at": starts.time(),
            "ends_at": ends.time(),
            "place": meeting.place,
            "video_link": meeting.video_link,
            "agenda": meeting.agenda,
        }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts, ends = form.meeting_times()
        data = {k: form.cleaned_data[k] for k in ("place", "video_link", "agenda", "send_invitations")}
        try:
            meeting = services.meeting_plan(round=round_, planned_by=request.user, starts=starts, ends=ends, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Nätverksträffen är planerad."))
            if data["send_invitations"]:
                messages.info(request, _("Inbjudan skickas till deltagarna i nätverkets kommuner. Här ser du hur det går."))
            return redirect("networks:meeting", network=ctx.network.slug, meeting_id=meeting.pk)
    return render(
        request,
        "networks/meeting_form.html",
        {"ctx": ctx, "network": ctx.network, "form": form, "round": round_, "meeting": meeting},
    )


@network_view
@vary_on_headers("HX-Request")
def meeting_detail(request: HttpRequest, ctx: NetworkContext, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(network=ctx.network, pk=meeting_id)
    # The project leader who sent the invitations sees how far the send-out has come.
    mailing = mailing_latest(
        kind=MailingKind.MEETING_INVITATION, object_id=meeting.pk, network=ctx.network
    ) if can_plan_meetings(ctx) else None
    if request.htmx and request.htmx.target == "mailing-status" and mailing is not None:
        return render(request, "networks/meeting.html#mailing-status", {"mailing": mailing, "announce": True})
    # Lazy: the presentations and the attendance are read only when the tenant-cached part of
    # the page has to be rendered; the member municipalities once, for both.
    members = functools.cache(lambda: selectors.meeting_municipalities(meeting=meeting))
    presented = functools.cache(lambda: selectors.meeting_presentations(meeting=meeting, municipalities=members()))
    return render(
        request,
        "networks/meeting.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "meeting": meeting,
            "phase": selectors.round_phase(round=meeting.round, today=timezone.localdate()),
            "attendance": SimpleLazyObject(lambda: selectors.meeting_attendance(
                meeting=meeting, with_registrations=False, municipalities=members())),
            "presentations": SimpleLazyObject(lambda: presented()[0]),
            "mappings_available": SimpleLazyObject(lambda: presented()[1]),
            "my_registration": SimpleLazyObject(lambda: selectors.user_registration(meeting=meeting, user=request.user)),
            "can_plan": can_plan_meetings(ctx),
            "can_register": can_register_for_meetings(ctx),
            "is_over": meeting.ends < timezone.now(),
            "mailing": mailing,
            "tools": (tools := _meeting_tools(ctx, meeting)),
            "own_municipalities": ",".join(str(m.municipality_id) for m in ctx.own_memberships),
            "agenda": selectors.meeting_agenda(items=meeting.agenda_items, tools=tools),
        },
    )


def _meeting_tools(ctx: NetworkContext, meeting: Meeting) -> list[selectors.MeetingTool]:
    """The meeting page is the hub of the day: every tool of the meeting the viewer may use."""
    network, pk = ctx.network.slug, meeting.pk
    tools = [
        selectors.MeetingTool("presentations", _("Presentationer"), "#presentations-heading"),
        selectors.MeetingTool(
            "feedback", _("Återkoppling"), reverse("commitments:meeting_feedback", kwargs={"network": network, "meeting": pk})
        ),
        selectors.MeetingTool(
            "report_back", _("Redovisning"), reverse("commitments:report_back", kwargs={"network": network, "meeting": pk})
        ),
    ]
    if can_make_groups(ctx):
        tools.append(selectors.MeetingTool(
            "groups", _("Blandade grupper"), reverse("networks:meeting_groups", kwargs={"network": network, "meeting_id": pk})
        ))
    if can_take_attendance(ctx):
        tools.append(selectors.MeetingTool(
            "attendance", _("Närvaro"), reverse("networks:meeting_attendance", kwargs={"network": network, "meeting_id": pk})
        ))
    if can_request_network_report(ctx):
        tools.append(selectors.MeetingTool(
            "summary", _("Sammanfattning (PDF)"), reverse("reports:network_list", kwargs={"network": network})
        ))
    # A member makes their municipality's commitment at the meeting (the form has the meeting chosen).
    own = ctx.own_memberships
    for membership in own:
        label = _("Nytt åtagande") if len(own) == 1 else _("Nytt åtagande, %(name)s") % {"name": membership.municipality.name}
        url = reverse("commitments:create", kwargs={"municipality": membership.municipality.slug})
        tools.append(selectors.MeetingTool("commitment", label, f"{url}?traff={pk}"))
    return tools


@network_view
@require_http_methods(["GET", "POST"])
def meeting_register(request: HttpRequest, ctx: NetworkContext, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(network=ctx.network, pk=meeting_id)
    require(can_register_for_meetings(ctx))
    own = ctx.own_memberships
    coordinated = coordinated_municipality_ids(ctx)
    others_form = None
    if coordinated:
        candidates = selectors.register_candidates(meeting=meeting, municipality_ids=coordinated)
        others_form = RegisterOthersForm(
            request.POST if request.POST.get("action") == "others" else None, memberships_queryset=candidates
        )
    my_registration = selectors.user_registration(meeting=meeting, user=request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "self":
                municipality_id = request.POST.get("municipality") or own[0].municipality_id
                membership = next((m for m in own if str(m.municipality_id) == str(municipality_id)), None)
                if membership is None:
                    raise ValidationError(_("Välj en av dina kommuner i nätverket."))
                services.registration_create(
                    meeting=meeting, user=request.user, municipality=membership.municipality, registered_by=request.user
                )
                messages.success(request, _("Du är anmäld till nätverksträffen."))
                return redirect("networks:meeting", network=ctx.network.slug, meeting_id=meeting.pk)
            if action == "cancel" and my_registration is not None:
                services.registration_cancel(registration=my_registration)
                messages.success(request, _("Din anmälan är borttagen."))
                return redirect("networks:meeting", network=ctx.network.slug, meeting_id=meeting.pk)
            if action == "others" and others_form is not None and others_form.is_valid():
                with transaction.atomic():
                    people = others_form.cleaned_data["people"]
                    for membership in people:
                        services.registration_create(
                            meeting=meeting, user=membership.user, municipality=membership.municipality, registered_by=request.user
                        )
                messages.success(request, _("%(n)d personer är anmälda.") % {"n": len(people)})
                return redirect("networks:meeting_register", network=ctx.network.slug, meeting_id=meeting.pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            if action != "others":
                return redirect("networks:meeting_register", network=ctx.network.slug, meeting_id=meeting.pk)
    return render(
        request,
        "networks/meeting_register.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "meeting": meeting,
            "my_registration": my_registration,
            "own": own,
            "others_form": others_form,
            "is_over": meeting.ends < timezone.now(),
        },
    )


@network_view
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, ctx: NetworkContext, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(network=ctx.network, pk=meeting_id)
    require(can_take_attendance(ctx))
    walk_in_form = WalkInForm(request.POST if request.POST.get("action") == "walk_in" else None, network=ctx.network)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save":
            ids = parse_ids(request.POST.getlist("attended"))
            try:
                n = services.attendance_save(meeting=meeting, attended_ids=ids)
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, _("Närvaron är sparad: %(n)d närvarande.") % {"n": n})
            return redirect("networks:meeting_attendance", network=ctx.network.slug, meeting_id=meeting.pk)
        if action == "walk_in" and walk_in_form.is_valid():
            try:
                registration = services.walk_in_add(meeting=meeting, added_by=request.user, **walk_in_form.cleaned_data)
            except ValidationError as exc:
                walk_in_form.add_error(None, exc)
            else:
                messages.success(request, _("%(name)s är tillagd som närvarande.") % {"name": registration.name})
                return redirect("networks:meeting_attendance", network=ctx.network.slug, meeting_id=meeting.pk)
    return render(
        request,
        "networks/meeting_attendance.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "meeting": meeting,
            "attendance": selectors.meeting_attendance(meeting=meeting),
            "walk_in_form": walk_in_form,
        },
    )


def _groups_context(ctx: NetworkContext, meeting: Meeting) -> dict:
    groups = selectors.meeting_groups(meeting=meeting)
    people = [[Person(key=r.pk, municipality=r.municipality.name, level=r.level) for r in members] for _g, members in groups]
    return {
        "ctx": ctx,
        "network": ctx.network,
        "meeting": meeting,
        "groups": groups,
        "issues": describe(people) if groups else [],
    }


@network_view
@require_http_methods(["GET", "POST"])
def meeting_groups(request: HttpRequest, ctx: NetworkContext, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(network=ctx.network, pk=meeting_id)
    require(can_make_groups(ctx))
    form = GroupsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.groups_generate(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(n)d grupper är skapade. %(summary)s") % {"n": len(result.groups), "summary": result.summary}
            )
            for note in result.notes:
                messages.warning(request, note)
            return redirect("networks:meeting_groups", network=ctx.network.slug, meeting_id=meeting.pk)
    context = _groups_context(ctx, meeting)
    context["form"] = form
    context["groups"] = _with_move_options(context["groups"])
    return render(request, "networks/meeting_groups.html", context)


def _with_move_options(groups: list) -> list[tuple]:
    """Each (group, members) with the <option>s of the move list that its members show, built once.

    Every person has a list of every group to move to: people × groups options, each a
    translation when rendered by the template, were most of this page's time at a network's size.
    """
    labels = [(g.pk, _("Grupp %(n)s") % {"n": g.number}) for g, _members in groups]
    return [
        (group, members, format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((pk, mark_safe(" selected") if pk == group.pk else "", label) for pk, label in labels),
        ))
        for group, members in groups
    ]


@network_view
@require_POST
def group_move(request: HttpRequest, ctx: NetworkContext, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(network=ctx.network, pk=meeting_id)
    require(can_make_groups(ctx))
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            registration = services.group_move_person(meeting=meeting, **{"registration_id": form.cleaned_data["registration"], "group_id": form.cleaned_data["group"]})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("%(name)s är flyttad till grupp %(n)d.") % {"name": registration.name, "n": registration.group.number}
            )
    else:
        messages.error(request, _("Välj en person och en grupp."))
    return redirect("networks:meeting_groups", network=ctx.network.slug, meeting_id=meeting.pk)


@network_view
def groups_print(request: HttpRequest, ctx: NetworkContext, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(network=ctx.network, pk=meeting_id)
    require(can_make_groups(ctx))
    context = _groups_context(ctx, meeting)
    rooms: dict[str, list] = {}
    for group, members in context["groups"]:
        rooms.setdefault(group.room or "", []).append((group, members))
    context["rooms"] = sorted(rooms.items())
    return render(request, "networks/groups_print.html", context)


@network_view
def meeting_ical(request: HttpRequest, ctx: NetworkContext, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(network=ctx.network, pk=meeting_id)
    response = HttpResponse(calendar.meeting_ical(meeting=meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="natverkstraff-{meeting.pk}.ics"'
    return response


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's meetings for calendar apps: the secret token in the address is the only key."""
    user = selectors.calendar_feed_user(token=token)
    if user is None:
        raise Http404(_("Kalenderadressen är ogiltig. Den kan ha bytts ut."))
    from quality.calendar import feed_events

    response = HttpResponse(
        calendar.feed_ical(meetings=selectors.meetings_for_user(user=user), extra_events=feed_events(user=user)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"  # the feed names meetings and places: kept nowhere
    return response


@user_view
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_reset(user=request.user)
        messages.success(request, _("Du har fått en ny kalenderadress. Den gamla fungerar inte längre."))
        return redirect("networks:calendar_settings")
    feed = services.calendar_feed_for(user=request.user)
    url = request.build_absolute_uri(reverse("networks:calendar_feed", kwargs={"token": feed.token}))
    return render(
        request,
        "networks/calendar_settings.html",
        {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1], "meetings": selectors.meetings_for_user(user=request.user)},
    )
