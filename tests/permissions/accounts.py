"""Rows for allauth's pages (sign-in, password, e-mail, MFA). They depend only on being signed in.

Observed and reviewed: signed-in users are sent away from login/signup; account pages need a
sign-in; pages that need a recent sign-in (TOTP activation, new recovery codes) ask for it
again (302); MFA pages for an authenticator the user does not have answer 404.
"""

from . import FOUND, NOT_FOUND, OK, Row, expect

ROWS = [
    Row("account_login", expect(FOUND, anonymous=OK)),
    Row("account_logout", expect(OK, anonymous=FOUND)),
    Row("account_inactive", expect(OK)),
    Row("account_signup", expect(FOUND, anonymous=OK), note="signed out without an invitation: 'signup closed'"),
    Row("account_reauthenticate", expect(OK, anonymous=FOUND)),
    Row("account_email", expect(OK, anonymous=FOUND)),
    Row("account_email_verification_sent", expect(OK)),
    Row("account_change_password", expect(OK, anonymous=FOUND)),
    Row("account_set_password", expect(FOUND)),
    Row("account_reset_password", expect(OK)),
    Row("account_confirm_login_code", expect(FOUND)),
    Row("account_confirm_email", expect(OK), kwargs=lambda w: {"key": "ogiltig"}),
    Row("account_reset_password_from_key_done", expect(OK)),
    Row("account_reset_password_from_key", expect(OK), kwargs=lambda w: {"uidb36": "1", "key": "x-y"}),
    Row("account_reset_password_done", expect(OK)),
    Row("mfa_index", expect(OK, anonymous=FOUND)),
    Row("mfa_authenticate", expect(FOUND)),
    Row("mfa_reauthenticate", expect(FOUND)),
    Row("mfa_activate_totp", expect(FOUND)),
    Row("mfa_deactivate_totp", expect(NOT_FOUND, anonymous=FOUND)),
    Row("mfa_view_recovery_codes", expect(NOT_FOUND, anonymous=FOUND)),
    Row("mfa_generate_recovery_codes", expect(FOUND)),
    Row("mfa_download_recovery_codes", expect(NOT_FOUND, anonymous=FOUND)),
]
