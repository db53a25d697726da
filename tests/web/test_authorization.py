"""Every route is classified, and the classification holds for every role and every tenant.

Driven by ``app.url_map``: a route without a classification fails ``test_every_route_is_classified``;
each classified route is then requested anonymously, by every role, and with another consortium's ids.
"""
from __future__ import annotations

import itertools
import re

import pytest

from wbl_match.models import Role
from wbl_match.access import access_of
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


CROSS_TENANT_EXAMPLES = {
    "filename": lambda other: "css/app.css",
    "round_id": lambda other: _other_round(other)[0].id,
    "placement_id": lambda other: _other_round(other)[1].id,
    "message_id": _other_message,
    "kind": lambda other: "placements.csv",
    "slot_id": cross_tenant.slot_id,
    "contact_id": cross_tenant.contact_id,
    "token": cross_tenant.token,
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
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/login"), rule.rule


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_403_on_routes_of_other_roles(app, client, no_csrf, make_user, role,
                                                     other_consortium_records):
    user = make_user(role)
    assert login(client, user).status_code == 302
    for rule in _routes(app):
        access = access_of(app.view_functions[rule.endpoint])
        if access.public or role in access.roles or rule.endpoint == "auth.logout":
            continue
        response = client.open(_url(rule, other_consortium_records), method=_method(rule))
        assert response.status_code == 403, f"{role.value} on {rule.rule}"


@pytest.mark.parametrize("role", list(Role))
def test_records_of_another_consortium_are_not_found(app, client, no_csrf, make_user, role,
                                                     other_consortium_records):
    user = make_user(role)
    assert login(client, user).status_code == 302
    for rule in _routes(app):
        access = access_of(app.view_functions[rule.endpoint])
        if access.public or role not in access.roles or not rule.arguments or rule.endpoint in SKIP_ARGUMENTS_FOR:
            continue
        response = client.open(_url(rule, other_consortium_records), method=_method(rule))
        assert response.status_code == 404, f"{role.value} on {rule.rule}"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_its_own_argument_free_pages(app, client, make_user, role):
    user = make_user(role)
    assert login(client, user).status_code == 302
    for rule in _routes(app):
        access = access_of(app.view_functions[rule.endpoint])
        if access.public or role not in access.roles or rule.arguments or "GET" not in rule.methods:
            continue
        response = client.get(rule.rule)
        assert response.status_code == 200, f"{role.value} on {rule.rule}: {response.status_code}"


def test_an_unclassified_route_is_refused_even_to_signed_in_users(app, client, make_user):
    app.add_url_rule("/unclassified-test-route", "unclassified_test_route", lambda: "secret")
    assert login(client, make_user(Role.ADMIN)).status_code == 302
    response = client.get("/unclassified-test-route")
    assert response.status_code == 403
    assert b"secret" not in response.data
