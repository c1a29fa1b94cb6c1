"""The login form: allauth's, with placeholders that say what the labels say.

allauth's Swedish catalogue labels the field "E-postadress" but writes "Epost-adress" in it; two
spellings of one word on the first page a politician sees. Its own module, because allauth imports
accounts.forms (the signup form class) while it defines its forms.
"""

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    # The password may be left empty: an address whose municipality signs in through its own
    # provider goes there (sso.views.login); for every other address the server asks for it.
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if "placeholder" in field.widget.attrs and field.label:
                field.widget.attrs["placeholder"] = field.label
