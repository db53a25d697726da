"""The equity and reach page and its CSV, for intermediaries of the round's own consortium only."""
from __future__ import annotations

import csv
import io

import pytest

from wbl_match.models import Role
from tests.conftest import login
from tests.services.equity_support import Cohort, equity_round


@pytest.fixture
def solved(session, consortium, make_school, make_student, make_slot):
    return equity_round(session, consortium, make_school, make_student, make_slot, [
        Cohort(30, placed=18, demographics={"gender": "female", "rural": True}),
        Cohort(22, placed=11, demographics={"gender": "male", "rural": False}),
        Cohort(4, placed=1, demographics={"gender": "nonbinary", "rural": False})])


def _url(match_round, suffix=""):
    return f"/intermediary/rounds/{match_round.id}/equity{suffix}"


def test_the_equity_page_shows_a_summary_charts_beside_tables_and_a_reading_guide(client, signed_in, solved):
    signed_in(Role.INTERMEDIARY)
    response = client.get(_url(solved))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Equity and reach</h1>" in page and "How to read this report" in page
    for title in ("Gender", "Race or ethnicity", "English learners", "Foster youth", "Rural", "Travel"):
        assert f">{title}</h2>" in page or f">{title}</h3>" in page
    assert page.count("<svg") >= 8 and page.count("<table") >= 16
    assert "fewer than 11" in page and "not shown" in page
    assert "Not recorded" in page  # race and the other fields are not given for these students
    assert "style=" not in page and "<script>" not in page
    assert 'href="/intermediary/rounds/%d/equity.csv"' % solved.id in page


def test_the_round_page_and_the_review_page_link_to_the_report(client, signed_in, solved):
    signed_in(Role.INTERMEDIARY)
    for page in (f"/intermediary/rounds/{solved.id}", f"/intermediary/rounds/{solved.id}/review"):
        assert f'href="{_url(solved)}"' in client.get(page).get_data(as_text=True), page


def test_a_round_never_solved_has_a_report_page_that_says_so(client, signed_in, session, consortium, make_school,
                                                             make_student, make_slot):
    match_round = equity_round(session, consortium, make_school, make_student, make_slot,
                               [Cohort(12, demographics={"gender": "female"})], solved=False)
    signed_in(Role.INTERMEDIARY)
    response = client.get(_url(match_round))
    assert response.status_code == 200 and "has not been solved yet" in response.get_data(as_text=True)
    assert f'href="{_url(match_round)}"' not in client.get(f"/intermediary/rounds/{match_round.id}").get_data(
        as_text=True)


def test_the_csv_download_holds_the_suppressed_table(client, signed_in, solved):
    signed_in(Role.ADMIN)
    response = client.get(_url(solved, ".csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f'filename="round-{solved.id}-equity.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    gender = {row[1]: row for row in rows if row[0] == "Gender"}
    assert gender["Nonbinary"][2] == "fewer than 11" and gender["Nonbinary"][6] == "hidden"
    assert gender["Male"][2] == "not shown" and gender["Female"][2] == "30"


@pytest.mark.parametrize("role", [Role.STUDENT, Role.EMPLOYER])
def test_students_and_employers_are_refused_the_report(client, signed_in, solved, role):
    signed_in(role)
    assert client.get(_url(solved)).status_code == 403
    assert client.get(_url(solved, ".csv")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, solved):
    for suffix in ("", ".csv"):
        response = client.get(_url(solved, suffix))
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_another_consortiums_round_is_not_found(client, make_consortium, make_user, solved):
    other = make_consortium(name="Elsewhere Consortium")
    assert login(client, make_user(Role.INTERMEDIARY, consortium_id=other.id)).status_code == 302
    assert client.get(_url(solved)).status_code == 404
    assert client.get(_url(solved, ".csv")).status_code == 404


def test_the_page_of_a_published_round_shows_what_became_of_the_offers(client, signed_in, session, consortium,
                                                                       make_school, make_student, make_slot):
    offers = ("accepted",) * 12 + ("declined",) * 11 + ("withdrawn",) * 11 + ("open",) * 11
    match_round = equity_round(session, consortium, make_school, make_student, make_slot,
                               [Cohort(60, placed=45, offers=offers, demographics={"gender": "female"})])
    signed_in(Role.INTERMEDIARY)
    page = client.get(_url(match_round)).get_data(as_text=True)
    for heading in ("Offered", "Accepted", "Declined", "Expired or withdrawn", "Awaiting answer"):
        assert f">{heading}</th>" in page
    assert "accepted of 45 offered" in page
