"""Hypothesis settings for the property-based tests: bounded, derandomised examples so the
run is short and the same on every machine (CI's test-time budget). HYPOTHESIS_PROFILE=deep
runs many more examples locally, when hunting for bugs."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "hearth",
    max_examples=60,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "hearth"))
