import pytest

from hearth.timescales import engine


@pytest.fixture
def hearth_settings(settings):
    """settings.HEARTH as a fresh copy, so a test can change one cadence safely."""
    settings.HEARTH = dict(settings.HEARTH)
    return settings.HEARTH


@pytest.fixture
def isolated_providers():
    """An empty provider registry for the test; the apps' own providers (and their gates)
    come back after."""
    saved = engine.registered_providers()
    gates = engine.registered_gates()
    for name in saved:
        engine.unregister_provider(name)
    yield
    for name in engine.registered_providers():
        engine.unregister_provider(name)
    for name, fn in saved.items():
        engine.register_provider(name, fn, gate=gates.get(name))
