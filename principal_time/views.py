"""Pages of principals' time (Modellen 2.0, dimension 7): thin views over services and selectors."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.context import MunicipalityContext
from access.rights import (
    can_edit_freed_time,
    can_follow_principal_time,
    can_log_principal_time,
    can_read_quality,
    can_see_principal_time,
    can_set_time_target,
    require,
)
from access.tenant import municipality_view

from . import selectors, services
from .charts import trend_chart
from .forms import FreedForm, TargetForm, WeekLogForm
from .models import KINDS, LEADERSHIP_KINDS, week_start


def _form_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@municipality_view
@require_GET
def home(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """Förvaltning: every principal's trend in one table. A principal goes to their own page.

    Everyone else in the municipality reads what dimension 7 is and its status (counts only).
    """
    require(can_read_quality(ctx))
    follows = can_follow_principal_time(ctx)
    if not follows and can_log_principal_time(ctx):
        return redirect("principal_time:principal", municipality=ctx.municipality.slug, user_id=ctx.membership.user_id)
    today = timezone.localdate()
    return render(request, "principal_time/home.html", {
        "ctx": ctx, "municipality": ctx.municipality, "follows": follows,
        "rows": selectors.principal_summaries(municipality=ctx.municipality, today=today) if follows else [],
        "status": selectors.time_status(municipality=ctx.municipality, today=today),
        "weeks": selectors.recent_weeks(today=today),
    })


@municipality_view
@require_http_methods(["GET", "POST"])
def principal(request: HttpRequest, ctx: MunicipalityContext, user_id: int) -> HttpResponse:
    """One principal: the target, the trend against it, and what was removed or delegated."""
    membership = selectors.principal_get(municipality=ctx.municipality, user_id=user_id)
    require(can_see_principal_time(ctx, user_id))
    municipality = ctx.municipality
    today = timezone.localdate()
    may_set_target = can_set_time_target(ctx)
    may_edit_freed = can_edit_freed_time(ctx, user_id)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    target_form = TargetForm(request.POST if which == "target" else None,
                             initial={"valid_from": week_start(today)}) if may_set_target else None
    freed_form = FreedForm(request.POST if which == "freed" else None, initial={"since": today}) \
        if may_edit_freed else None
    if which == "target":
        require(may_set_target)
        if target_form.is_valid():
            services.target_set(municipality=municipality, principal=membership.user, set_by=request.user,
                                **target_form.cleaned_data)
            messages.success(request, _("Målet är sparat."))
            return redirect(request.path)
    elif which == "freed":
        require(may_edit_freed)
        if freed_form.is_valid():
            services.freed_add(municipality=municipality, principal=membership.user, **freed_form.cleaned_data)
            messages.success(request, _("Raden är sparad."))
            return redirect(request.path + "#frigjort")
    elif which == "remove":
        require(may_edit_freed)
        item = selectors.freed_get(municipality=municipality, principal_id=user_id,
                                   pk=_int(request.POST.get("pk")))
        services.freed_remove(item=item)
        messages.success(request, _("Raden ”%(title)s” är borttagen.") % {"title": item.title})
        return redirect(request.path + "#frigjort")
    elif which:
        require(False)
    trend = selectors.principal_trend(municipality=municipality, principal_id=user_id, today=today)
    is_own = ctx.membership.user_id == user_id
    return render(request, "principal_time/principal.html", {
        "ctx": ctx, "municipality": municipality, "person": membership, "is_own": is_own,
        "trend": trend, "chart": trend_chart(trend=trend, name=membership.user.full_name or membership.user.email),
        "kind_totals": selectors.kind_totals(trend=trend),
        "kinds": [str(label) for _k, label in KINDS],
        "leadership_kinds": [str(label) for k, label in KINDS if k in LEADERSHIP_KINDS],
        "freed": selectors.freed_list(municipality=municipality, principal_id=user_id),
        "target_form": target_form, "freed_form": freed_form, "may_set_target": may_set_target,
        "may_edit_freed": may_edit_freed, "can_follow": can_follow_principal_time(ctx),
        "weeks_for_table": list(reversed(trend.weeks)), "crumb": can_follow_principal_time(ctx),
    })


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _week_from(request: HttpRequest, today: datetime.date) -> datetime.date:
    """The week asked for (?vecka=YYYY-MM-DD, any day of it), or this week; never a future one."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("vecka", ""))
    except ValueError:
        day = today
    return min(week_start(day), week_start(today))


@municipality_view
@require_http_methods(["GET", "POST"])
def log(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """The principal's quick weekly log, made for a phone: five numbers and a comment."""
    require(can_log_principal_time(ctx))
    municipality, user = ctx.municipality, request.user
    today = timezone.localdate()
    week = _week_from(request, today)
    existing = selectors.week_log_get(municipality=municipality, principal_id=user.pk, week=week)
    initial = {k: getattr(existing, k) for k, _label in KINDS} | {"note": existing.note} if existing else {}
    form = WeekLogForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.week_log_save(municipality=municipality, principal=user, week=week, today=today,
                                   note=form.cleaned_data["note"], **form.hours())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Vecka %(n)s är sparad.") % {"n": week.isocalendar()[1]})
            return redirect("principal_time:principal", municipality=municipality.slug, user_id=user.pk)
    previous = week - datetime.timedelta(weeks=1)
    following = week + datetime.timedelta(weeks=1)
    return render(request, "principal_time/log.html", {
        "ctx": ctx, "municipality": municipality, "form": form, "crumb": True, "week": week, "week_end": week + datetime.timedelta(days=6),
        "week_number": week.isocalendar()[1], "existing": existing, "previous": previous,
        "following": following if following <= week_start(today) else None,
        "leadership_fields": [form[k] for k in LEADERSHIP_KINDS],
        "other_fields": [form[k] for k, _label in KINDS if k not in LEADERSHIP_KINDS],
    })
