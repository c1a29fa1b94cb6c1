import functools

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access import cache as tenant_cache
from access.context import MunicipalityContext
from access.rights import can_invite_members, can_manage_members, can_manage_municipality_settings, require
from access.tenant import municipality_view
from accounts.forms import INVITATION_SESSION_KEY
from commitments import selectors as commitment_selectors
from commitments import success
from goals import selectors as goal_selectors
from mailings.models import MailingKind
from mailings.selectors import deliveries_latest
from networks import selectors as network_selectors
from reports import services as report_services
from reviews import selectors as review_selectors

from . import selectors, services
from .forms import InvitationForm, MunicipalitySettingsForm


@municipality_view
def home(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    municipality = ctx.municipality
    # What several panels need, read once when the first needs it: the networks with their rounds
    # (the rounds card, the success factors, the cycle figure), the goal counts (their card and
    # the success factors) and the success factors (their panels and the members per level, which
    # they count with the answerers: the levels card).
    networks = functools.cache(lambda: network_selectors.municipality_networks(municipality=municipality))
    goal_counts = functools.cache(lambda: goal_selectors.goal_counts(municipality=municipality))
    factors = functools.cache(lambda: success.municipality_success_factors(
        municipality=municipality, networks=networks(), goals=goal_counts()))
    return render(
        request,
        "municipalities/home.html",
        {
            "ctx": ctx,
            "municipality": municipality,
            # Lazy: read only when the tenant-cached part of the page has to be rendered.
            "level_counts": SimpleLazyObject(lambda: selectors.level_counts(
                municipality=municipality, counts=factors().members_per_level)),
            "networks": SimpleLazyObject(lambda: networks().memberships),
            "schools": SimpleLazyObject(lambda: selectors.school_list(municipality=municipality)),
            # The apps' panels (municipalities/_home_panels.html): read here, never in a template tag.
            "mapping_panel": SimpleLazyObject(lambda: review_selectors.mapping_home_panel(
                municipality=municipality, network_ids=ctx.network_ids)),
            "round_phases": SimpleLazyObject(lambda: network_selectors.municipality_round_phases(
                municipality=municipality, networks=networks())),
            "goal_counts": SimpleLazyObject(goal_counts),
            "commitment_panel": SimpleLazyObject(lambda: commitment_selectors.commitment_panel(municipality=municipality)),
            "factors": SimpleLazyObject(factors),
            "cycle_panel": SimpleLazyObject(lambda: report_services.cycle_figure_panel(
                municipality=municipality, language=translation.get_language() or "sv", networks=networks(),
                version=tenant_cache.request_version_or_none(request))),
        },
    )


@municipality_view
def members(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    members = selectors.member_list(municipality=ctx.municipality)
    invitations = list(selectors.pending_invitations(municipality=ctx.municipality)) if can_invite_members(ctx) else []
    # Whether each invitation's e-mail went out (the worker sends it).
    sent = deliveries_latest(
        kind=MailingKind.MEMBER_INVITATION, object_ids=[i.pk for i in invitations], municipality=ctx.municipality
    )
    for invitation in invitations:
        invitation.delivery = sent.get(invitation.pk)
    outside = ctx.municipality.email_is_outside
    return render(
        request,
        "municipalities/members.html",
        {
            "ctx": ctx,
            "municipality": ctx.municipality,
            "members": members,
            # Addresses outside the municipality's domains (set by platform staff) are marked.
            "outside_member_ids": {m.pk for m in members if outside(m.user.email)},
            "outside_invitation_ids": {i.pk for i in invitations if outside(i.email)},
            "level_counts": selectors.level_counts(municipality=ctx.municipality),
            "invitations": invitations,
            "can_invite": can_invite_members(ctx),
            "can_manage": can_manage_members(ctx),
        },
    )


def _confirm(request: HttpRequest, ctx: MunicipalityContext, *, membership, action: str, blocked: str = "") -> HttpResponse:
    return render(
        request,
        "municipalities/member_confirm.html",
        {"ctx": ctx, "municipality": ctx.municipality, "member": membership, "action": action, "blocked": blocked},
    )


def _after_change(request: HttpRequest, ctx: MunicipalityContext, membership) -> HttpResponse:
    # Someone who removed themselves (or ended their own role) may no longer see the member list.
    if membership.user_id == request.user.pk:
        return redirect("core:start")
    return redirect("municipalities:members", municipality=ctx.municipality.slug)


@municipality_view
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, ctx: MunicipalityContext, membership_id: int) -> HttpResponse:
    require(can_manage_members(ctx))
    membership = selectors.membership_get(municipality=ctx.municipality, pk=membership_id)
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, removed_by=request.user)
        except ValidationError as exc:
            return _confirm(request, ctx, membership=membership, action="remove", blocked=exc.messages[0])
        messages.success(
            request,
            _("%(name)s är inte längre medlem i %(municipality)s. Det hen skrivit finns kvar.")
            % {"name": membership.user.full_name or membership.user.email, "municipality": ctx.municipality.name},
        )
        return _after_change(request, ctx, membership)
    return _confirm(request, ctx, membership=membership, action="remove", blocked=_last_coordinator(ctx, membership))


@municipality_view
@require_http_methods(["GET", "POST"])
def coordinator_end(request: HttpRequest, ctx: MunicipalityContext, membership_id: int) -> HttpResponse:
    require(can_manage_members(ctx))
    membership = selectors.membership_get(municipality=ctx.municipality, pk=membership_id)
    if request.method == "POST":
        try:
            services.coordinator_role_end(membership=membership, ended_by=request.user)
        except ValidationError as exc:
            return _confirm(request, ctx, membership=membership, action="end", blocked=exc.messages[0])
        messages.success(
            request,
            _("%(name)s är inte längre kommunsamordnare.") % {"name": membership.user.full_name or membership.user.email},
        )
        return _after_change(request, ctx, membership)
    blocked = _last_coordinator(ctx, membership)
    if not membership.is_coordinator:
        blocked = _("%(name)s är inte kommunsamordnare.") % {"name": membership.user.full_name or membership.user.email}
    return _confirm(request, ctx, membership=membership, action="end", blocked=blocked)


def _last_coordinator(ctx: MunicipalityContext, membership) -> str:
    if membership.is_coordinator and selectors.coordinator_count(municipality=ctx.municipality) == 1:
        return _("%(name)s är kommunens enda samordnare. Bjud in en ny samordnare innan rollen avslutas.") % {
            "name": membership.user.full_name or membership.user.email
        }
    return ""


@municipality_view
@require_POST
def invitation_revoke(request: HttpRequest, ctx: MunicipalityContext, invitation_id: int) -> HttpResponse:
    require(can_manage_members(ctx))
    invitation = selectors.pending_invitation_get(municipality=ctx.municipality, pk=invitation_id)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("Inbjudan till %(email)s är tillbakadragen.") % {"email": invitation.email})
    return redirect("municipalities:members", municipality=ctx.municipality.slug)


@municipality_view
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_invite_members(ctx))
    form = InvitationForm(request.POST or None, municipality=ctx.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, created = services.invitation_create(
                municipality=ctx.municipality, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(request, _("En inbjudan har skickats till %(email)s.") % {"email": invitation.email})
            else:
                messages.info(
                    request,
                    _("%(email)s hade redan en inbjudan. Den har förnyats och skickats igen.") % {"email": invitation.email},
                )
            return redirect("municipalities:members", municipality=ctx.municipality.slug)
    return render(request, "municipalities/invite.html", {"ctx": ctx, "municipality": ctx.municipality, "form": form})


@municipality_view
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_manage_municipality_settings(ctx))
    form = MunicipalitySettingsForm(
        request.POST or None,
        initial={"require_mfa_for_coordinators": ctx.municipality.require_mfa_for_coordinators},
    )
    if request.method == "POST" and form.is_valid():
        services.municipality_settings_update(municipality=ctx.municipality, **form.cleaned_data)
        messages.success(request, _("Inställningarna är sparade."))
        return redirect("municipalities:settings", municipality=ctx.municipality.slug)
    return render(request, "municipalities/settings.html", {"ctx": ctx, "municipality": ctx.municipality, "form": form})


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation e-mail. Works signed in, signed out, with or without an account."""
    found = selectors.invitation_get_by_token(token=token)
    try:
        services.invitation_check(invitation=found, user=request.user)
    except services.InvitationError as exc:
        status = {"unknown": 404, "foreign": 403}.get(exc.code, 410)
        return render(request, "municipalities/invitation_error.html", {"error": exc}, status=status)

    if request.user.is_authenticated:
        if request.method == "POST":
            membership = services.invitation_accept(invitation=found, user=request.user)
            messages.success(request, _("Välkommen till %(name)s!") % {"name": membership.municipality.name})
            return redirect("municipalities:home", municipality=membership.municipality.slug)
        return render(request, "municipalities/invitation.html", {"invitation": found, "action": "accept"})

    if request.method == "POST":
        return redirect_to_login(request.path)
    # Signed out: remember the invitation and let allauth open signup for exactly this address.
    request.session[INVITATION_SESSION_KEY] = found.token
    get_adapter(request).stash_verified_email(request, found.email)
    has_account = EmailAddress.objects.filter(email__iexact=found.email).exists()
    return render(
        request,
        "municipalities/invitation.html",
        {
            "invitation": found,
            "action": "login" if has_account else "signup",
            "login_url": reverse("account_login") + "?next=" + request.path,
        },
    )
