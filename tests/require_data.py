"""Skips for data a contributor may lack, and the CI rule that turns them into failures.

A test that needs ../shared or the reference folder skips with a reason starting with
``NEEDS_DATA``. With ``ANTQ_REQUIRE_SHARED=1`` (set by .ci/run) such a skip is reported as a
failure, so a CI run cannot pass without the data.
"""

from __future__ import annotations

import os

import pytest

NEEDS_DATA = "needs data:"
REQUIRE_ENV = "ANTQ_REQUIRE_SHARED"


def skip_reason(what: str) -> str:
    return f"{NEEDS_DATA} {what}"


def required() -> bool:
    return os.environ.get(REQUIRE_ENV) == "1"


def enforce(report) -> None:
    """Make a skip for missing data a failure when the data is required."""
    if not (report.skipped and required()):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if NEEDS_DATA in reason:
        report.outcome = "failed"
        report.longrepr = f"{REQUIRE_ENV}=1, yet the test was skipped: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    enforce(outcome.get_result())
