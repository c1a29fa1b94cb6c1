from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Swedish unless the person chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to
    a Swedish politician whose laptop happens to be set up in English. The product is Swedish
    first: only an explicit choice (the language cookie set by ``set_language``) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: whatever runs next in the same thread starts from the default.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Cookie"]))
        return response


# Browser features the product never uses, off for every page and for anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
)


class PrivateResponsesMiddleware:
    """Nothing Django answers is kept by a browser or a shared proxy; every answer has a
    Permissions-Policy.

    Signed-in pages, downloads (reports, attachments, the data export) and calendar files hold a
    tenant's data; so may an error page or a redirect. Marking every response ``private,
    no-store`` (static files, served by WhiteNoise before this, keep their long caching) means
    no page has to remember it, and the back button after signing out shows nothing kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers["Cache-Control"] = "private, no-store"
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
