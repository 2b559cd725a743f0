"""Keeping a reveal is limited for members (each one writes a row) but not for anonymous
readers, whose reveals live in their session: readers behind one address would
otherwise share one allowance while they read."""

import pytest

from app import reveals

HTMX = {"HX-Request": "true"}


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": True}


def keep_many(client, review, times: int) -> list[int]:
    token = client.csrf_token(f"/reviews/{review.id}")
    url = f"/reviews/{review.id}/spoilers/7"
    return [
        client.post(url, data={"csrf_token": token}, headers=HTMX).status_code for _ in range(times)
    ]


def test_members_keep_reveals_within_the_limit_anonymous_readers_freely(
    client, make_review, make_user, login
):
    allowed = int(reveals.LIMIT.split()[0])
    review = make_review("[spoiler ep=7]\nMAGPIE-EP7\n[/spoiler]")
    assert set(keep_many(client, review, allowed + 1)) == {200}
    login(make_user())
    statuses = keep_many(client, review, allowed + 1)
    assert set(statuses[:allowed]) == {200}
    assert statuses[allowed] == 429
