"""The Annex A page: choose the date the lists run to, generate, and find it in the history on
the Returns page. Performance analysts and senior leaders only (others: not found)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.returns.annex_a.forms import AnnexAForm
from hearth.returns.annex_a.services import annex_a_generate
from hearth.returns.views import _refuse_unless_analyst


def annex_a(request: HttpRequest) -> HttpResponse:
    _refuse_unless_analyst(request)
    if request.method != "POST":
        form = AnnexAForm(initial={"as_of": None})
        return render(request, "returns/annex_a.html", {"form": form})
    form = AnnexAForm(request.POST)
    if not form.is_valid():
        return render(request, "returns/annex_a.html", {"form": form}, status=400)
    record, annex = annex_a_generate(user=request.user, as_of=form.cleaned_data["as_of"])
    sealed = annex.sealed_summary()
    messages.success(
        request,
        f"{record} generated: {record.children} children. Download it from the list below."
        + (
            f" Rows of children whose pre-adoption record is sealed: {sealed}. They are listed"
            " under their pre-adoption ID; a senior leader or the data protection officer opens"
            " their case files for inspectors."
            if sealed
            else ""
        ),
    )
    return redirect("returns:index")
