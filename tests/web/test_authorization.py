"""Every route is classified, and the classification holds for every role and every tenant.

Driven by ``app.url_map``: a route without a classification fails ``test_every_route_is_classified``;
each classified route is then requested anonymously, by every role, and with another consortium's ids.
"""
from __future__ import annotations

import re

import pytest

from wbl_match.models import Role
from wbl_match.access import access_of
from tests.conftest import login

#: Builds a URL argument that names a record of the *other* consortium, by argument name. A new route
#: with an argument not listed here fails ``test_every_route_argument_has_a_cross_tenant_example``.
CROSS_TENANT_EXAMPLES = {
    "filename": lambda other: "css/app.css",
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
