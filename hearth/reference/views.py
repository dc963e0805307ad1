"""Read-only pages showing the code lists. Any signed-in user may see them: no personal data."""

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hearth.reference import presenters
from hearth.reference.lookups import collection_year
from hearth.reference.models import Code


def code_list_index(request: HttpRequest) -> HttpResponse:
    year = collection_year(timezone.localdate())
    counts = (
        Code.objects.values("list_name")
        .annotate(
            total=Count("id"),
            in_use=Count(
                "id",
                filter=Q(valid_from__lte=year) & (Q(valid_to__isnull=True) | Q(valid_to__gte=year)),
            ),
        )
        .order_by("list_name")
    )
    summaries = [
        presenters.ListSummary(
            list_name=row["list_name"],
            title=presenters.list_title(row["list_name"]),
            family=presenters.list_family(row["list_name"]),
            total=row["total"],
            in_use=row["in_use"],
        )
        for row in counts
    ]
    families: dict[str, list[presenters.ListSummary]] = {}
    for summary in sorted(summaries, key=lambda s: s.title):
        families.setdefault(summary.family, []).append(summary)
    return render(
        request,
        "reference/index.html",
        {
            "families": sorted(families.items(), key=lambda item: _family_order(item[0])),
            "year": presenters.format_collection_year(year),
        },
    )


def _family_order(family: str) -> tuple[int, str]:
    order = ["CIN census and SSDA903", presenters.CIN, presenters.SSDA903, presenters.LOCAL]
    return (order.index(family) if family in order else len(order), family)


def code_list_detail(request: HttpRequest, list_name: str) -> HttpResponse:
    codes = list(Code.objects.in_list(list_name).prefetch_related("labels"))
    if not codes:
        raise Http404("No code list of that name")
    year = collection_year(timezone.localdate())
    return render(
        request,
        "reference/detail.html",
        {
            "list_name": list_name,
            "title": presenters.list_title(list_name),
            "family": presenters.list_family(list_name),
            "rows": presenters.code_rows(codes, year),
            "year": presenters.format_collection_year(year),
        },
    )
