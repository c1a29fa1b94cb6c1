from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.models import Level

from .models import IdentityProvider, ProviderKind, SignInPolicy
from .services import saml_metadata_read

COMMON_FIELDS = ["name", "is_active", "email_attribute", "name_attribute", "groups_attribute", "group_levels",
                 "default_level"]


class SignInPolicyForm(forms.ModelForm):
    class Meta:
        model = SignInPolicy
        fields = ["require_sso", "mfa", "inactive_days"]
        widgets = {"mfa": forms.RadioSelect}


class IdentityProviderForm(forms.ModelForm):
    """One form for both protocols; ``kind`` decides which fields it has."""

    client_secret = forms.CharField(
        label=gettext_lazy("Klienthemlighet"), required=False, strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Lagras krypterad. Lämna tomt för att behålla den sparade."),
    )
    metadata_file = forms.FileField(
        label=gettext_lazy("Metadatafil (XML)"), required=False,
        help_text=gettext_lazy("I stället för en metadata-adress: filen från identitetsleverantören."),
    )

    class Meta:
        model = IdentityProvider
        fields = ["name", "is_active", "issuer", "client_id", "metadata_url", "email_attribute",
                  "name_attribute", "groups_attribute", "group_levels", "default_level", "required_acr"]
        widgets = {"group_levels": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == ProviderKind.OIDC:
            keep = ["name", "is_active", "issuer", "client_id", "client_secret", *COMMON_FIELDS[2:], "required_acr"]
            self.fields["issuer"].required = True
            self.fields["client_id"].required = True
            self.fields["email_attribute"].help_text = _("Claim med e-postadressen. Tomt: email.")
            self.fields["name_attribute"].help_text = _("Claim med namnet. Tomt: name.")
            self.fields["groups_attribute"].help_text = _("Claim med grupperna. Tomt: groups.")
            self.fields["required_acr"].help_text = _(
                "Begärs som acr_values och måste finnas i svarets acr när kommunen kräver "
                "tvåstegsverifiering hos leverantören."
            )
        else:
            keep = ["name", "is_active", "metadata_url", "metadata_file", *COMMON_FIELDS[2:]]
            self.fields["email_attribute"].help_text = _("Attribut med e-postadressen. Tomt: mail (urn:oid:0.9.2342.19200300.100.1.3).")
            self.fields["name_attribute"].help_text = _("Attribut med namnet. Tomt: displayName.")
            self.fields["groups_attribute"].help_text = _("Attribut med grupperna. Tomt: eduPersonEntitlement.")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.order_fields(keep)

    def clean_group_levels(self):
        text = self.cleaned_data["group_levels"]
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            group, sep, level = line.rpartition("=")
            if not sep or not group.strip() or level.strip() not in Level.values:
                raise forms.ValidationError(
                    _("Rad %(number)d: skriv ”grupp = nivå”, där nivån är en av %(levels)s.")
                    % {"number": number, "levels": ", ".join(Level.values)}
                )
        return text

    def clean(self):
        data = super().clean()
        if self.kind == ProviderKind.OIDC:
            if not data.get("client_secret") and not (self.instance.pk and self.instance.client_secret):
                self.add_error("client_secret", _("Ange klienthemligheten."))
            return data
        upload = data.get("metadata_file")
        if upload:
            try:
                self.metadata = saml_metadata_read(xml=upload.read().decode("utf-8", errors="replace"))
            except ValueError as exc:
                self.add_error("metadata_file", str(exc))
        elif not data.get("metadata_url") and not (self.instance.pk and self.instance.idp_entity_id):
            self.add_error("metadata_url", _("Ange en metadata-adress eller ladda upp en metadatafil."))
        return data

    def apply(self, instance: IdentityProvider) -> IdentityProvider:
        """The form's values on the instance, plus what the metadata file said."""
        instance.kind = self.kind
        for key, value in getattr(self, "metadata", {}).items():
            setattr(instance, key, value)
        if self.kind == ProviderKind.SAML and self.cleaned_data.get("metadata_url") and not getattr(self, "metadata", None):
            instance.idp_entity_id = instance.idp_sso_url = instance.idp_x509cert = ""
        return instance


class PendingMemberForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Nivå"), choices=Level.choices)

