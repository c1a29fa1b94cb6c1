"""allauth's SAML provider, keeping the answer's authentication context for the sign-in rules.

allauth keeps only the attributes of a SAML answer (``extract_extra_data``). The sign-in rules
also need the authentication context (AuthnContextClassRef: was a second factor used?), which
this subclass puts on the request that finishes the sign-in (``authn_contexts_of``), not in the
extra data (allauth stores that on an existing account before our checks run).
Configured with SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"].

A replayed answer needs nothing here: allauth accepts an answer only to a request of this session
that is not used up, and python3-saml checks that the assertion names that request.
"""

from __future__ import annotations

from allauth.socialaccount.providers.saml.provider import SAMLProvider as AllauthSAMLProvider

_ATTRIBUTE = "_sso_saml_authn_contexts"


def authn_contexts_of(request) -> list[str]:
    return list(getattr(request, _ATTRIBUTE, None) or [])


class SAMLProvider(AllauthSAMLProvider):
    # allauth's URLs and views, not a package of our own.
    package = "allauth.socialaccount.providers.saml"

    def extract_extra_data(self, data):
        if self.request is not None:
            setattr(self.request, _ATTRIBUTE, list(data.get_last_authn_contexts() or []))
        return super().extract_extra_data(data)
