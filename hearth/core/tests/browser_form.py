"""What a browser would post back from a rendered form, for tests of edit pages."""

from html.parser import HTMLParser

from django.http import QueryDict


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._form.append((a["name"], a.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image"}:
                self._form.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a.get("name"), None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                self._form.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._form.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._form.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_data(html: str, *, containing: str = "edit_token") -> QueryDict:
    """The fields of the first form on the page with an input whose name ends with
    `containing`, as a browser would submit them (CSRF token and all)."""
    parser = _Forms()
    parser.feed(html)
    for fields in parser.forms:
        if any(name.endswith(containing) for name, _ in fields):
            data = QueryDict(mutable=True)
            for name, value in fields:
                data.appendlist(name, value)
            return data
    raise AssertionError(f"No form on the page has a field named like {containing!r}")
