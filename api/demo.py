"""Demo step: one read-API token for Fagersta with a secret the README prints, so that the
README's Power Query and curl examples run against the demo as they stand."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from municipalities.models import Municipality

from .models import ApiToken
from .services import token_digest

# Only ever in the demo's database (every demo account has a published password too).
DEMO_SECRET = "skn_demo-fagersta-las-api-endast-i-demon"  # noqa: S105
DEMO_MUNICIPALITY = "fagersta"
DEMO_COORDINATOR = "samordnare.fagersta@demo.skolnatverk.se"


def build(*, stdout) -> None:
    municipality = Municipality.objects.filter(slug=DEMO_MUNICIPALITY).first()
    coordinator = get_user_model().objects.filter(email=DEMO_COORDINATOR).first()
    if municipality is None or coordinator is None:
        return
    ApiToken.objects.update_or_create(
        digest=token_digest(DEMO_SECRET),
        defaults={
            "municipality": municipality, "network": None, "name": "Demo: Power BI", "prefix": DEMO_SECRET[:10],
            "created_by": coordinator, "expires_on": timezone.localdate() + datetime.timedelta(days=365),
            "revoked_at": None, "revoked_by": None,
        },
    )
    stdout.write(f"  API-nyckel för {municipality.name}: {DEMO_SECRET}")
