from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: a signed-in page that renders the base template and does nothing else.

    ``bench`` divides each key page's median time by this page's, measured in the same run. It
    shows nothing about any tenant, so every signed-in person may see it.
    """
    return render(request, "benchmarks/floor.html")
