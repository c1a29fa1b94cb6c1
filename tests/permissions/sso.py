"""Rows for single sign-on: the coordinator's pages, the login page and allauth's provider URLs.

allauth's provider URLs are public (a provider's answer arrives signed out); an unknown provider
id is 404 for everyone. Observed and reviewed: the OIDC login page of a real provider asks to
continue (200, allauth's confirmation; nothing is sent to the provider on a GET); a callback
without a state is refused on our Swedish page (403); signed-in personas are treated alike.
"""

from . import FORBIDDEN, FOUND, NOT_ALLOWED, NOT_FOUND, OK, Row, expect, municipality_page


def _oidc(world):
    from ..sso.factories import make_oidc_provider

    if "sso_oidc_a" not in world.extra:
        world.extra["sso_oidc_a"] = make_oidc_provider(municipality=world.a)
    return world.extra["sso_oidc_a"]


def _saml(world):
    from ..sso.factories import make_saml_provider

    if "sso_saml_a" not in world.extra:
        world.extra["sso_saml_a"] = make_saml_provider(municipality=world.a)
    return world.extra["sso_saml_a"]


def _provider_a(world):
    return {"municipality": world.a.slug, "provider_id": _oidc(world).pk}


def _provider_b(world):
    from ..sso.factories import make_oidc_provider

    if "sso_oidc_b" not in world.extra:
        world.extra["sso_oidc_b"] = make_oidc_provider(municipality=world.b)
    return {"municipality": world.a.slug, "provider_id": world.extra["sso_oidc_b"].pk}


def _pending_a(world):
    from sso.models import PendingMember

    from .. import factories as f

    user = f.UserFactory(email="ny@alby.example")
    pending = PendingMember.objects.create(municipality=world.a, user=user)
    return {"municipality": world.a.slug, "pending_id": pending.pk}


UNAUTHORIZED = 401

COORDINATOR_ONLY = municipality_page(members=FORBIDDEN, coordinator=OK)
COORDINATOR_POST = municipality_page(members=FORBIDDEN, coordinator=FOUND)

ROWS = [
    Row("sso:login", expect(FOUND, anonymous=OK)),
    Row("sso:settings", COORDINATOR_ONLY),
    Row("sso:provider_create", COORDINATOR_ONLY, kwargs=lambda w: {"municipality": w.a.slug, "kind": "oidc"}),
    Row("sso:provider_create", COORDINATOR_ONLY, kwargs=lambda w: {"municipality": w.a.slug, "kind": "saml"}, note="saml"),
    Row("sso:provider_create", municipality_page(members=FORBIDDEN, coordinator=NOT_FOUND),
        kwargs=lambda w: {"municipality": w.a.slug, "kind": "ldap"}, note="unknown protocol"),
    Row("sso:provider_edit", COORDINATOR_ONLY, kwargs=_provider_a),
    Row("sso:provider_edit", municipality_page(members=FORBIDDEN, coordinator=NOT_FOUND), kwargs=_provider_b,
        note="B's provider under A's address"),
    Row("sso:provider_delete", municipality_page(members=NOT_ALLOWED), kwargs=_provider_a, note="GET"),
    Row("sso:provider_delete", municipality_page(members=FORBIDDEN, coordinator=NOT_FOUND), kwargs=_provider_b,
        method="post", note="B's provider under A's address"),
    Row("sso:pending_member_decide", COORDINATOR_POST, kwargs=_pending_a, method="post",
        data=lambda w: {"level": "larare"}),
    Row("openid_connect_login", expect(NOT_FOUND), kwargs=lambda w: {"provider_id": "finns-inte"}),
    Row("openid_connect_login", expect(OK), kwargs=lambda w: {"provider_id": _oidc(w).slug}, note="real"),
    Row("openid_connect_callback", expect(NOT_FOUND), kwargs=lambda w: {"provider_id": "finns-inte"}),
    Row("openid_connect_callback", expect(FORBIDDEN), kwargs=lambda w: {"provider_id": _oidc(w).slug},
        note="no state"),
    Row("saml_login", expect(NOT_FOUND), kwargs=lambda w: {"organization_slug": "finns-inte"}),
    # The ACS only keeps the posted answer and redirects; the finishing step looks the provider up.
    Row("saml_acs", expect(FOUND), kwargs=lambda w: {"organization_slug": "finns-inte"}),
    Row("saml_finish_acs", expect(NOT_FOUND), kwargs=lambda w: {"organization_slug": "finns-inte"}),
    # Ours in front of allauth's: a real provider without a kept answer is refused on our page
    # (allauth renders its authentication error: ours, 403, via the adapter).
    Row("sso:saml_finish_acs", expect(NOT_FOUND), kwargs=lambda w: {"organization_slug": "finns-inte"}),
    Row("sso:saml_finish_acs", expect(FORBIDDEN), kwargs=lambda w: {"organization_slug": _saml(w).slug},
        note="no answer"),
    Row("saml_sls", expect(NOT_FOUND), kwargs=lambda w: {"organization_slug": "finns-inte"}),
    Row("saml_metadata", expect(NOT_FOUND), kwargs=lambda w: {"organization_slug": "finns-inte"}),
    Row("saml_metadata", expect(OK), kwargs=lambda w: {"organization_slug": _saml(w).slug}, note="real"),
    Row("socialaccount_connections", expect(OK, anonymous=FOUND)),
    Row("socialaccount_signup", expect(FOUND)),
    Row("socialaccount_login_cancelled", expect(OK)),
    Row("socialaccount_login_error", expect(UNAUTHORIZED)),  # allauth's page answers 401
]
