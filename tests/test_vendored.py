"""The vendored htmx file is the pinned version recorded in static/VENDORED.md."""

import hashlib
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"


def test_htmx_file_matches_recorded_checksum_and_version():
    data = (STATIC / "vendor" / "htmx-2.0.11.min.js").read_bytes()
    recorded = (STATIC / "VENDORED.md").read_text()
    assert hashlib.sha256(data).hexdigest() in recorded
    assert b'version:"2.0.11"' in data


def test_base_template_loads_the_vendored_htmx(client):
    html = client.get("/").text
    assert '<script src="/static/vendor/htmx-2.0.11.min.js" defer></script>' in html
    assert "<script>" not in html  # no inline script under the CSP
    with client.get("/static/vendor/htmx-2.0.11.min.js") as response:
        assert response.status_code == 200
