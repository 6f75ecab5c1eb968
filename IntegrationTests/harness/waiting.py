"""Polling with a deadline."""

import time


class WaitTimeout(AssertionError):
    """A condition did not become true in time."""


def wait_until(condition, timeout=10.0, interval=0.1, description="condition"):
    """Call `condition()` until it returns a truthy value and return that value; raise WaitTimeout after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise WaitTimeout(f"timed out after {timeout} s waiting for {description}")
        time.sleep(interval)
