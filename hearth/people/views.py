from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hearth.people.models import Person


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        visible = Person.objects.children().visible_to(request.user)  # type: ignore[arg-type]
        results = list(visible.search(query)[:50])
    return render(request, "people/search.html", {"query": query, "results": results})
