"""Demo step: two Fagersta principals log their time for twelve weeks (issue 17).

rektor.fagersta frees time: target 10 hours a week, three things removed or delegated, and the
hours for pedagogical leadership climb past the target while administration falls.
rektor2.fagersta does not: the same target, nothing freed, and the weeks stay where they were.
Idempotent: a principal with a target is left as it is.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from municipalities.demo import DEMO_DOMAIN
from municipalities.models import Level, Membership, Municipality

from . import services
from .models import FreedKind, TimeTarget, week_start

WEEKS = 12


def _half(value: float) -> Decimal:
    return Decimal(round(max(value, 0) * 2) / 2).quantize(Decimal("0.1"))


def _principal(municipality, email: str):
    m = Membership.objects.filter(municipality=municipality, level=Level.REKTOR, user__email=email).select_related("user").first()
    return m.user if m else None


def _log(municipality, principal, *, start: float, end: float, admin_start: float, admin_end: float, seed: int,
         today: datetime.date) -> None:
    rng = random.Random(seed)
    this = week_start(today)
    for i in range(WEEKS):
        if i in (4,) and seed % 2:  # a week without a log (autumn break)
            continue
        share = i / (WEEKS - 1)
        leadership = start + (end - start) * share + rng.uniform(-1, 1)
        admin = admin_start + (admin_end - admin_start) * share + rng.uniform(-1.5, 1.5)
        services.week_log_save(
            municipality=municipality, principal=principal, week=this - datetime.timedelta(weeks=WEEKS - 1 - i),
            today=today, lesson_visits=_half(leadership * 0.45), collegial_learning=_half(leadership * 0.35),
            analysis=_half(leadership * 0.2), administration=_half(admin), other=_half(6 + rng.uniform(-2, 2)),
        )


def build(*, stdout) -> None:
    today = timezone.localdate()
    fagersta = Municipality.objects.filter(slug="fagersta").first()
    if fagersta is None:
        stdout.write("  (hoppar över rektorernas tid: Fagersta saknas – kör municipalities först)")
        return
    admin = Membership.objects.filter(municipality=fagersta, level=Level.FORVALTNING).order_by("pk").first()
    freeing = _principal(fagersta, f"rektor.fagersta@{DEMO_DOMAIN}")
    stuck = _principal(fagersta, f"rektor2.fagersta@{DEMO_DOMAIN}")
    if freeing is None or stuck is None or admin is None:
        stdout.write("  (hoppar över rektorernas tid: Fagerstas rektorer saknas)")
        return
    start = week_start(today) - datetime.timedelta(weeks=WEEKS - 1)
    for principal in (freeing, stuck):
        if TimeTarget.objects.filter(municipality=fagersta, principal=principal).exists():
            continue
        services.target_set(municipality=fagersta, principal=principal, hours=Decimal(10), valid_from=start,
                            set_by=admin.user, note="Överenskommet i kvalitetsdialogen i augusti")
        if principal == freeing:
            _log(fagersta, principal, start=5, end=11.5, admin_start=24, admin_end=16, seed=1, today=today)
            for title, kind, to, hours, weeks_ago in (
                ("Attestering av fakturor", FreedKind.DELEGATED, "Administratören", "2", 10),
                ("Veckobrev till vårdnadshavare", FreedKind.DELEGATED, "Arbetslagsledarna, i tur och ordning", "1,5", 8),
                ("Möte om lokalbokning varje vecka", FreedKind.REMOVED, "", "2,5", 6),
            ):
                services.freed_add(municipality=fagersta, principal=principal, title=title, kind=kind, delegated_to=to,
                                   hours=Decimal(hours.replace(",", ".")), since=today - datetime.timedelta(weeks=weeks_ago))
        else:
            _log(fagersta, principal, start=4, end=4.5, admin_start=25, admin_end=26, seed=2, today=today)
    stdout.write(f"  Rektorernas tid: två rektorer i Fagersta (logga in som rektor.fagersta@{DEMO_DOMAIN})")
