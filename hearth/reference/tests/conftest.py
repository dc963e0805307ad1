import pytest

from hearth.reference import lookups


@pytest.fixture(autouse=True)
def fresh_lookup_cache():
    """Each test reads the code lists as its own database holds them."""
    lookups.clear_cache()
    yield
    lookups.clear_cache()
