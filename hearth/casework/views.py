from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.people.access import child_for


def my_work(request: HttpRequest) -> HttpResponse:
    return render(request, "casework/my_work.html", {})


def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    child = child_for(request.user, child_id)  # type: ignore[arg-type]
    return render(request, "casework/child_detail.html", {"child": child})
