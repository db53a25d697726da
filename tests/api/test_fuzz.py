"""The API against its own OpenAPI document: schemathesis generates valid and invalid calls for every
operation (fixed seed) and checks there is no server error and every answer conforms to the document."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, seed, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from wbl_match import create_app
from wbl_match.config import TestConfig
from wbl_match.models import ApiToken, MatchRound, Placement, PlacementStatus, Role
from wbl_match.services.accounts.api_tokens import hash_token


def _openapi_document() -> dict:
    # The document does not depend on the database; the calls go to the test's own app (``app=``).
    folder = Path(tempfile.mkdtemp(prefix="wbl-openapi-"))
    app = create_app(TestConfig(f"sqlite:///{folder / 'unused.sqlite3'}", folder))
    return app.test_client().get("/api/v1/openapi.json").get_json()


schema = schemathesis.openapi.from_dict(_openapi_document())
FUZZ_TOKEN = "wbl_fuzzing-admin-token"


@schema.auth()
class BearerToken:
    """The admin token the fixture stores; schemathesis also calls without it, expecting 401."""

    def get(self, case, context):
        return FUZZ_TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def admin_token(session, consortium, make_student, make_slot, make_school, make_employer):
    # A few real records, so that generated ids sometimes name one and updates reach the services.
    match_round = MatchRound(consortium_id=consortium.id, name="Fuzzed round")
    session.add(match_round)
    session.flush()
    session.add(Placement(round_id=match_round.id, student_id=make_student().id, slot_id=make_slot().id,
                          status=PlacementStatus.OFFERED))
    session.commit()
    # DELETE is fuzzed like every operation. The records above are in use (a DELETE naming one with a
    # matching If-Match, e.g. `*`, gets 409); these are not (204). Each operation gets this fixture afresh,
    # so a deletion never takes a record away from another operation's calls.
    make_school(), make_employer(), make_slot()
    session.add(ApiToken(consortium_id=consortium.id, name="fuzz", role=Role.ADMIN, prefix=FUZZ_TOKEN[:12],
                         token_hash=hash_token(FUZZ_TOKEN)))
    session.commit()


@schema.parametrize()
@seed(2027)
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_api_conforms_to_its_openapi_document(case, app, admin_token):
    case.operation.schema.app = app  # this test's app, on this test's database
    # Every check but positive_data_acceptance: OpenAPI 3.0 cannot say that a term ends after it starts,
    # that shifts must not overlap or that a referenced school must exist, so such schema-valid bodies
    # rightly get 422 (or 409 for a duplicate id).
    case.call_and_validate(base_url="http://localhost", app=app, excluded_checks=[positive_data_acceptance])


@pytest.mark.parametrize("resource", ["schools", "employers", "slots"])
def test_a_successful_delete_conforms_to_the_openapi_document(app, client, admin_token, make_school,
                                                              make_employer, make_slot, resource):
    # Generated calls rarely name an unused record with its ETag, so the 204 is also checked on purpose.
    record_id = {"schools": make_school, "employers": make_employer, "slots": make_slot}[resource]().id
    auth = {"Authorization": f"Bearer {FUZZ_TOKEN}"}
    etag = client.get(f"/api/v1/{resource}/{record_id}", headers=auth).headers["ETag"]
    name = f"{resource[:-1]}_id"
    operation = schema[f"/api/v1/{resource}/{{{name}}}"]["DELETE"]
    operation.schema.app = app
    case = operation.Case(path_parameters={name: record_id}, headers={**auth, "If-Match": etag})
    assert case.call_and_validate(base_url="http://localhost", app=app).status_code == 204
