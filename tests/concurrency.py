"""Running concurrent writers in tests: each a thread with its own app context."""

import threading


def run_threads(threads: list[threading.Thread], *, timeout: float = 120) -> None:
    """Start every thread, wait for them all, and fail if any is still running."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a writer did not finish"
