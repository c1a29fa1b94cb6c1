from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.selectors import pending_invitation_name

INVITATION_SESSION_KEY = "invitation_token"


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form. Signup is only open through an invitation."""

    full_name = forms.CharField(label=_("Namn"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))

    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth prefills the invited (stashed) address; the name the inviter typed goes with it.
        email = self.initial.get("email")
        if email and not self.is_bound:
            name = pending_invitation_name(email=email)
            if name:
                self.initial.setdefault("full_name", name)

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])
