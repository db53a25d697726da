"""Every route is classified, and the classification holds for every role and every tenant.

Driven by ``app.url_map``: a route without a classification fails ``test_every_route_is_classified``;
each classified route is then requested anonymously, by every role, and with another consortium's ids.
API routes (``/api/``) are called with a bearer token of the role instead of a session (a staff token, or an
employer's or a student's personal token acting as them): anonymous calls get 401, and the session cookie
alone never counts there.
"""
from __future__ import annotations

import itertools
import re

import pytest

from wbl_match.extensions import db
from wbl_match.models import ApiToken, Employer, Role, School, StudentProfile
from wbl_match.access import access_of
from wbl_match.services.accounts.api_tokens import PERSONAL_ROLES, TOKEN_ROLES, hash_token
from tests.conftest import login
from tests.web import cross_tenant

#: Builds a URL argument that names a record of the *other* consortium, by argument name. A new route
#: with an argument not listed here fails ``test_every_route_argument_has_a_cross_tenant_example``.
_OTHER_COUNTER = itertools.count(1)


def _other_round(other):
    """A match round of the other consortium, with one school, one slot, one student and one placement."""
    from wbl_match.extensions import db
    from wbl_match.models import Employer, MatchRound, Placement, School, Slot, StudentProfile

    n = next(_OTHER_COUNTER)
    school = School(consortium_id=other.id, cds_code=f"99{n:012d}", name="Other school")
    employer = Employer(consortium_id=other.id, name="Other employer")
    db.session.add_all([school, employer])
    db.session.flush()
    slot = Slot(consortium_id=other.id, employer_id=employer.id, title="Other slot", capacity=1,
                sector_code="public-services", site_lat=36.0, site_lon=-119.0)
    student = StudentProfile(consortium_id=other.id, school_id=school.id, external_id=f"OTHER{n}", first_name="O",
                             last_name="Ther", grade=11)
    match_round = MatchRound(consortium_id=other.id, name="Other round", schools=[school], slots=[slot])
    db.session.add_all([slot, student, match_round])
    db.session.flush()
    placement = Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id)
    db.session.add(placement)
    db.session.commit()
    return match_round, placement


def _other_message(other):
    from wbl_match.extensions import db
    from wbl_match.models import OutboxMessage

    message = OutboxMessage(consortium_id=other.id, to_address="x@example.org", subject="Other", body="Other")
    db.session.add(message)
    db.session.commit()
    return message.id


def _add(row):
    db.session.add(row)
    db.session.commit()
    return row.id


def _other_school(other):
    return _add(School(consortium_id=other.id, cds_code=f"98{next(_OTHER_COUNTER):012d}", name="Other school"))


def _other_employer(other):
    return _add(Employer(consortium_id=other.id, name="Other employer"))


def _other_student(other):
    return _add(StudentProfile(consortium_id=other.id, school_id=_other_school(other), first_name="Other",
                               external_id=f"OTHER-S{next(_OTHER_COUNTER)}", last_name="Student", grade=11))


def _other_token(other):
    return _add(ApiToken(consortium_id=other.id, name="Other", role=Role.INTERMEDIARY, prefix="wbl_other",
                         token_hash=hash_token(f"other-consortium-token-{next(_OTHER_COUNTER)}")))


def _other_import(other):
    from wbl_match.models import ImportJob, ImportStatus

    return _add(ImportJob(consortium_id=other.id, kind="students", filename="other.csv", file_format="csv",
                          content=b"Student ID\nX\n", headers=["Student ID"], mapping=["student_id"],
                          status=ImportStatus.QUEUED, total_rows=1))


CROSS_TENANT_EXAMPLES = {
    "filename": lambda other: "css/app.css",
    "round_id": lambda other: _other_round(other)[0].id,
    "placement_id": lambda other: _other_round(other)[1].id,
    "message_id": _other_message,
    "kind": lambda other: "placements.csv",
    "slot_id": cross_tenant.slot_id,
    "contact_id": cross_tenant.contact_id,
    "token": cross_tenant.token,
    "school_id": _other_school,
    "employer_id": _other_employer,
    "student_id": _other_student,
    "token_id": _other_token,
    "import_id": _other_import,
    "user_id": cross_tenant.user_id,
    "monday": lambda other: "2027-03-01",
}
SKIP_ARGUMENTS_FOR = {"static"}


def _routes(app):
    return sorted((rule for rule in app.url_map.iter_rules()), key=lambda r: r.rule)


def test_every_route_is_classified(app):
    unclassified = [rule.endpoint for rule in _routes(app) if access_of(app.view_functions[rule.endpoint]) is None]
    assert unclassified == [], f"classify these endpoints with @public or @roles_required: {unclassified}"


def test_every_route_argument_has_a_cross_tenant_example(app):
    missing = {arg for rule in _routes(app) for arg in rule.arguments if arg not in CROSS_TENANT_EXAMPLES}
    assert missing == set(), f"add examples to CROSS_TENANT_EXAMPLES for: {sorted(missing)}"


def _url(rule, values) -> str:
    url = rule.rule
    for arg in rule.arguments:
        url = re.sub(rf"<(?:[^:<>]+:)?{arg}>", str(values[arg]), url)
    return url


def _method(rule) -> str:
    return "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]


def _is_api(rule) -> bool:
    return rule.rule.startswith("/api/")


@pytest.fixture
def as_role(app, client, make_user):
    """Sign in as ``role`` and return the headers for API calls (a token of that role, where one can exist)."""

    def become(role: Role) -> dict[str, str]:
        user = make_user(role)
        assert login(client, user).status_code == 302
        if role not in TOKEN_ROLES + PERSONAL_ROLES:
            return {}
        token = f"test-token-{role.value}"
        _add(ApiToken(consortium_id=user.consortium_id, name="test", role=role, prefix=token[:12],
                      token_hash=hash_token(token), user_id=user.id if role in PERSONAL_ROLES else None))
        return {"Authorization": f"Bearer {token}"}

    return become


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def other_consortium_records(make_consortium):
    other = make_consortium(name="Other Consortium")
    return {arg: build(other) for arg, build in CROSS_TENANT_EXAMPLES.items()}


def test_anonymous_visitors_are_sent_to_login_from_every_protected_route(app, client, no_csrf,
                                                                         other_consortium_records):
    for rule in _routes(app):
        access = access_of(app.view_functions[rule.endpoint])
        if access.public:
            continue
        response = client.open(_url(rule, other_consortium_records), method=_method(rule))
        if _is_api(rule):
            assert response.status_code == 401, rule.rule
            assert response.get_json()["code"] == 401, rule.rule
            continue
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/login"), rule.rule


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_403_on_routes_of_other_roles(app, client, no_csrf, as_role, role,
                                                     other_consortium_records):
    headers = as_role(role)
    for rule in _routes(app):
        access = access_of(app.view_functions[rule.endpoint])
        if access.public or role in access.roles or rule.endpoint == "auth.logout":
            continue
        response = client.open(_url(rule, other_consortium_records), method=_method(rule), headers=headers)
        expected = 401 if _is_api(rule) and not headers else 403
        assert response.status_code == expected, f"{role.value} on {rule.rule}"


@pytest.mark.parametrize("role", list(Role))
def test_records_of_another_consortium_are_not_found(app, client, no_csrf, as_role, role,
                                                     other_consortium_records):
    headers = as_role(role)
    for rule in _routes(app):
        access = access_of(app.view_functions[rule.endpoint])
        if access.public or role not in access.roles or not rule.arguments or rule.endpoint in SKIP_ARGUMENTS_FOR:
            continue
        # Updates need a body and If-Match to get past validation; an empty JSON body with any tag will do.
        extra = {"json": {}, "headers": {**headers, "If-Match": '"x"'}} if _is_api(rule) else {"headers": headers}
        response = client.open(_url(rule, other_consortium_records), method=_method(rule), **extra)
        assert response.status_code == 404, f"{role.value} on {rule.rule}"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_its_own_argument_free_pages(app, client, as_role, role):
    headers = as_role(role)
    for rule in _routes(app):
        access = access_of(app.view_functions[rule.endpoint])
        if access.public or role not in access.roles or rule.arguments or "GET" not in rule.methods:
            continue
        response = client.get(rule.rule, headers=headers)
        assert response.status_code == 200, f"{role.value} on {rule.rule}: {response.status_code}"


def test_an_unclassified_route_is_refused_even_to_signed_in_users(app, client, make_user):
    app.add_url_rule("/unclassified-test-route", "unclassified_test_route", lambda: "secret")
    assert login(client, make_user(Role.ADMIN)).status_code == 302
    response = client.get("/unclassified-test-route")
    assert response.status_code == 403
    assert b"secret" not in response.data


#: The two-step sign-in routes and who may use them (the second step itself is public: the person is not
#: signed in until it is passed, and the page asks for the password step first).
TWO_STEP_ACCESS = {
    "auth.two_step_code": None,
    "auth.two_step_setup_at_sign_in": None,
    "auth.two_step_account": {Role.ADMIN, Role.INTERMEDIARY, Role.EMPLOYER},
    "auth.two_step_start": {Role.ADMIN, Role.INTERMEDIARY, Role.EMPLOYER},
    "auth.two_step_confirm": {Role.ADMIN, Role.INTERMEDIARY, Role.EMPLOYER},
    "auth.two_step_recovery_codes": {Role.ADMIN, Role.INTERMEDIARY, Role.EMPLOYER},
    "auth.two_step_disable": {Role.ADMIN, Role.INTERMEDIARY, Role.EMPLOYER},
    "admin.two_step_reset_confirm": {Role.ADMIN},
    "admin.two_step_reset_user": {Role.ADMIN},
    "admin.two_step_requirement": {Role.ADMIN},
}


@pytest.mark.parametrize("endpoint", sorted(TWO_STEP_ACCESS))
def test_each_two_step_route_is_open_to_exactly_its_roles(app, endpoint):
    access = access_of(app.view_functions[endpoint])
    expected = TWO_STEP_ACCESS[endpoint]
    assert access.public is (expected is None)
    assert set(access.roles) == (expected or set())


def test_the_second_step_pages_show_nothing_without_the_password_step(client, no_csrf):
    for url in ("/login/code", "/login/two-step-setup"):
        for method in ("GET", "POST"):
            response = client.open(url, method=method, data={"code": "123456"})
            assert response.status_code == 302 and response.headers["Location"] == "/login", (method, url)


#: Public routes another service calls, each with the check that stands in for a sign-in: a request
#: without it gets 403 (these are also the only routes exempt from CSRF tokens outside the API and sign-in).
PUBLIC_WITH_THEIR_OWN_CHECK = {
    "hooks.twilio_messages": "Twilio's signature (X-Twilio-Signature, the account's auth token)",
}


def test_every_webhook_is_public_and_listed_with_its_check(app):
    hooks = {rule.endpoint for rule in _routes(app) if rule.rule.startswith("/hooks/")}
    assert hooks == set(PUBLIC_WITH_THEIR_OWN_CHECK)
    for endpoint in hooks:
        assert access_of(app.view_functions[endpoint]).public, endpoint


@pytest.mark.parametrize("endpoint", sorted(PUBLIC_WITH_THEIR_OWN_CHECK))
def test_a_webhook_refuses_a_request_without_its_check_even_with_texts_on(app, client, endpoint):
    from wbl_match import sms
    from tests.sms_support import texts_on

    app.config["WTF_CSRF_ENABLED"] = True
    texts_on(app, "http://127.0.0.1:9")
    try:
        [rule] = [r for r in _routes(app) if r.endpoint == endpoint]
        for headers in ({}, {"X-Twilio-Signature": "forged"}):
            response = client.open(rule.rule, method=_method(rule), data={"From": "+15595550134", "Body": "STOP"},
                                   headers=headers)
            assert response.status_code == 403, (rule.rule, headers)
    finally:
        sms.bind(sms.SmsSettings())
