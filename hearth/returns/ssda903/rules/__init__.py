"""The SSDA903 rules, one module per part of the return. Importing registers them."""

from hearth.returns.ssda903.rules import (  # noqa: F401
    adoption,
    episodes,
    header,
    integrity,
    missing,
    outcomes,
    previous,
    providers,
    social_workers,
)
