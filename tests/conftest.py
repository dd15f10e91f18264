"""Shared test set-up: hypothesis profiles.

``GREENPROCURE_HYPOTHESIS_PROFILE=ci`` (set by ``.ci/run``) runs more
examples; the default ``dev`` profile keeps a local run fast.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("GREENPROCURE_HYPOTHESIS_PROFILE", "dev"))
