"""API fixtures: bearer tokens of a role and consortium."""
from __future__ import annotations

import pytest

from wbl_match.models import ApiToken, Role
from wbl_match.services.accounts.api_tokens import hash_token


@pytest.fixture
def make_token(session, consortium):
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.INTERMEDIARY, consortium_id: int | None = None, **fields) -> str:
        token = f"wbl_test-{role.value}-{next(counter)}"
        session.add(ApiToken(consortium_id=consortium_id or consortium.id, name="test", role=role,
                             prefix=token[:12], token_hash=hash_token(token), **fields))
        session.commit()
        return token

    return make


@pytest.fixture
def bearer(make_token):
    """Headers for API calls: ``client.get(url, headers=bearer())``."""

    def headers(role: Role = Role.INTERMEDIARY, **fields) -> dict[str, str]:
        return {"Authorization": f"Bearer {make_token(role, **fields)}"}

    return headers
