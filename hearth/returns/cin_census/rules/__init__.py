"""The CIN census rules, one module per part of the return. Importing registers them."""

from hearth.returns.cin_census.rules import (  # noqa: F401
    assessments,
    child,
    cin_plans,
    episodes,
    protection,
    section47,
    whole_return,
)
