from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect


def start(request: HttpRequest) -> HttpResponse:
    """The start page is the user's own work: overdue items one click (zero clicks) away."""
    return redirect("casework:my_work")


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
