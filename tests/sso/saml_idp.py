"""A SAML 2.0 identity provider for the single sign-on tests, on this machine.

It answers SP-initiated sign-ins over the HTTP-Redirect binding (``/sso``) with a sign-in page and
then a Response posted to the service's ACS (HTTP-POST binding), its Assertion signed with
XML-DSig (RSA-SHA256, exclusive C14N) by xmlsec through python3-saml's ``add_sign``: real signed
assertions, checked by the service like any IdP's. It publishes its metadata at ``/metadata``.

``response_xml`` also builds the answers that must be refused (wrong audience, expired, unsigned,
another municipality's address), for the tests that post them straight to the ACS.
"""

from __future__ import annotations

import base64
import html
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from .keys import cert_body, key_and_cert

PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
MFA = "https://refeds.org/profile/mfa"
MAIL = "urn:oid:0.9.2342.19200300.100.1.3"
DISPLAY_NAME = "urn:oid:2.16.840.1.113730.3.1.241"
ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7"
REQUEST_DENIED = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied"


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _id() -> str:
    return "_" + secrets.token_hex(16)


@dataclass
class AuthnRequest:
    id: str
    issuer: str
    acs_url: str
    relay_state: str = ""


@dataclass
class SamlIdP:
    name: str = "test-saml-idp"
    accounts: dict = field(default_factory=dict)  # e-mail -> {"name": ..., "groups": [...]}
    base_url: str = ""
    requests: dict = field(default_factory=dict)  # our ticket -> AuthnRequest
    responses: list = field(default_factory=list)  # every Response posted, base64 (for replays)

    def __post_init__(self):
        self.key, self.cert = key_and_cert(self.name)

    # --- where it is --------------------------------------------------------------------------
    @property
    def entity_id(self) -> str:
        return self.base_url + "/metadata"

    @property
    def sso_url(self) -> str:
        return self.base_url + "/sso"

    @property
    def cert_body(self) -> str:
        return cert_body(self.cert)

    def metadata(self) -> str:
        return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID={quoteattr(self.entity_id)}>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{self.cert_body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location={quoteattr(self.sso_url)}/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""

    # --- the answers --------------------------------------------------------------------------
    def response_xml(
        self, *, acs_url: str, audience: str, in_response_to: str | None, email: str, name: str = "",
        groups: tuple[str, ...] = (), authn_context: str = PASSWORD, valid_for: timedelta = timedelta(minutes=5),
        issued: datetime | None = None, sign: bool = True, status: str = C.STATUS_SUCCESS, key_pem: str | None = None,
    ) -> str:
        """A Response; unless ``status`` is an error, with one Assertion, signed when ``sign``."""
        now = issued or datetime.now(UTC)
        in_response = f" InResponseTo={quoteattr(in_response_to)}" if in_response_to else ""
        head = (
            f'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
            f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{_id()}" Version="2.0" '
            f"IssueInstant=\"{_instant(now)}\" Destination={quoteattr(acs_url)}{in_response}>"
            f"<saml:Issuer>{escape(self.entity_id)}</saml:Issuer>"
        )
        if status != C.STATUS_SUCCESS:
            return (
                f'{head}<samlp:Status><samlp:StatusCode Value="{C.STATUS_RESPONDER}">'
                f'<samlp:StatusCode Value="{status}"/></samlp:StatusCode>'
                f"<samlp:StatusMessage>Katalogen nekar personen.</samlp:StatusMessage></samlp:Status>"
                f"</samlp:Response>"
            )
        attributes = {MAIL: [email], DISPLAY_NAME: [name or email.partition("@")[0]], ENTITLEMENT: list(groups)}
        statements = "".join(
            f'<saml:Attribute Name="{attr}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">'
            + "".join(f'<saml:AttributeValue xsi:type="xs:string">{escape(v)}</saml:AttributeValue>' for v in values)
            + "</saml:Attribute>"
            for attr, values in attributes.items() if values
        )
        until = _instant(now + valid_for)
        assertion = (
            f'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            f'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'ID="{_id()}" Version="2.0" IssueInstant="{_instant(now)}">'
            f"<saml:Issuer>{escape(self.entity_id)}</saml:Issuer>"
            f"<saml:Subject>"
            f'<saml:NameID Format="{C.NAMEID_PERSISTENT}">{escape(email)}</saml:NameID>'
            f'<saml:SubjectConfirmation Method="{C.CM_BEARER}">'
            f"<saml:SubjectConfirmationData NotOnOrAfter=\"{until}\" Recipient={quoteattr(acs_url)}{in_response}/>"
            f"</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{_instant(now - timedelta(seconds=30))}" NotOnOrAfter="{until}">'
            f"<saml:AudienceRestriction><saml:Audience>{escape(audience)}</saml:Audience></saml:AudienceRestriction>"
            f"</saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_instant(now)}" SessionIndex="{_id()}">'
            f"<saml:AuthnContext><saml:AuthnContextClassRef>{escape(authn_context)}</saml:AuthnContextClassRef>"
            f"</saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{statements}</saml:AttributeStatement>"
            f"</saml:Assertion>"
        )
        if sign:
            signed = OneLogin_Saml2_Utils.add_sign(
                assertion, key_pem or self.key, self.cert, sign_algorithm=C.RSA_SHA256, digest_algorithm=C.SHA256
            )
            assertion = signed.decode() if isinstance(signed, bytes) else signed
            assertion = assertion.removeprefix('<?xml version="1.0"?>').strip()
        return f'{head}<samlp:Status><samlp:StatusCode Value="{C.STATUS_SUCCESS}"/></samlp:Status>{assertion}</samlp:Response>'

    def encoded(self, xml: str) -> str:
        return base64.b64encode(xml.encode()).decode()

    def parse_authn_request(self, query: str) -> AuthnRequest:
        params = parse_qs(query)
        xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(params["SAMLRequest"][0])
        root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)  # noqa: S320 (our own SP's request)
        issuer = root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer").text
        return AuthnRequest(
            id=root.get("ID"), issuer=issuer, acs_url=root.get("AssertionConsumerServiceURL"),
            relay_state=params.get("RelayState", [""])[0],
        )

    # --- the server ---------------------------------------------------------------------------
    def serve(self) -> ThreadingHTTPServer:
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: str, content_type: str = "text/html; charset=utf-8"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                if url.path == "/metadata":
                    return self._send(200, idp.metadata(), "application/samlmetadata+xml")
                if url.path != "/sso":
                    return self._send(404, "Finns inte")
                request = idp.parse_authn_request(url.query)
                ticket = secrets.token_urlsafe(12)
                idp.requests[ticket] = request
                return self._send(200, _page("Testkommunens SAML-inloggning", f"""
                  <p>Tjänst: {html.escape(request.issuer)}</p>
                  <form method="post" action="/sso/login">
                    <input type="hidden" name="ticket" value="{ticket}">
                    <label for="email">E-post hos leverantören</label>
                    <input id="email" name="email" type="email">
                    <label><input type="checkbox" name="mfa" value="1"> Bekräftad med andra faktor</label>
                    <button type="submit" name="action" value="login">Fortsätt</button>
                    <button type="submit" name="action" value="deny">Neka</button>
                  </form>"""))

            def do_POST(self):
                if urlparse(self.path).path != "/sso/login":
                    return self._send(404, "Finns inte")
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                request = idp.requests.pop(form.get("ticket", ""), None)
                if request is None:
                    return self._send(400, "Okänd inloggning")
                email = form.get("email", "").strip().lower()
                known = idp.accounts.get(email, {})
                xml = idp.response_xml(
                    acs_url=request.acs_url, audience=request.issuer, in_response_to=request.id, email=email,
                    name=known.get("name", ""), groups=tuple(known.get("groups", ())),
                    authn_context=MFA if form.get("mfa") else PASSWORD,
                    status=REQUEST_DENIED if form.get("action") == "deny" else C.STATUS_SUCCESS,
                )
                encoded = idp.encoded(xml)
                idp.responses.append(encoded)
                # The HTTP-POST binding: a form the browser posts to the service (no script needed
                # by the tests, which press the button as a person without JavaScript would).
                return self._send(200, _page("Skickar dig tillbaka", f"""
                  <form method="post" action={quoteattr(request.acs_url)}>
                    <input type="hidden" name="SAMLResponse" value="{encoded}">
                    <input type="hidden" name="RelayState" value={quoteattr(request.relay_state)}>
                    <button type="submit">Tillbaka till tjänsten</button>
                  </form>"""))

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f"<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )
