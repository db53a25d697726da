"""The employer's rounds (placed students, confirm, concern, ranking applicants) and organisation pages."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    AuditEvent, Employer, EmployerContact, EmployerRanking, MatchRound, OutboxMessage, Placement, PlacementStatus,
    Preference, Role, RoundState,
)
from tests.conftest import csrf_token_from


@pytest.fixture
def employer_user(signed_in):
    return signed_in(Role.EMPLOYER)


def _token(client, url="/employer/"):
    return csrf_token_from(client.get(url).get_data(as_text=True))


@pytest.fixture
def published(session, employer_user, make_slot, make_student, make_user):
    make_user(Role.INTERMEDIARY, email="coordinator@example.org")
    slot = make_slot(employer_id=employer_user.employer_id, title="Clinic assistant")
    student = make_student(first_name="Ana", last_name="Secretlastname", email="ana@private.example.org",
                           pathway_code="patient-care")
    match_round = MatchRound(consortium_id=slot.consortium_id, name="Summer 2027", state=RoundState.PUBLISHED,
                             slots=[slot])
    session.add(match_round)
    session.flush()
    placement = Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id,
                          status=PlacementStatus.OFFERED)
    session.add(placement)
    session.commit()
    return match_round, placement


def test_the_employer_sees_placed_students_with_only_first_name_school_pathway_and_schedule(client, published):
    match_round, _ = published
    assert "Summer 2027" in client.get("/employer/rounds").get_data(as_text=True)
    page = client.get(f"/employer/rounds/{match_round.id}").get_data(as_text=True)
    for fragment in ("Ana", "School", "Patient Care", "Mon 15:00–17:00"):
        assert fragment in page
    assert "Secretlastname" not in page and "ana@private" not in page and "93291" not in page


def test_the_employer_confirms_a_placement(client, published, session):
    match_round, placement = published
    response = client.post(f"/employer/placements/{placement.id}/confirm", data={"csrf_token": _token(client)})
    assert response.status_code == 302
    assert "You confirmed this placement." in client.get(f"/employer/rounds/{match_round.id}").get_data(as_text=True)
    assert session.scalar(sa.select(AuditEvent.action).where(AuditEvent.entity_type == "placements")) \
        == "placement.employer_confirmed"


def test_once_confirmed_the_confirm_button_is_gone_and_a_second_confirmation_is_refused(client, published, session):
    match_round, placement = published
    confirm = f'action="/employer/placements/{placement.id}/confirm"'
    assert confirm in client.get(f"/employer/rounds/{match_round.id}").get_data(as_text=True)
    token = _token(client)
    assert client.post(f"/employer/placements/{placement.id}/confirm", data={"csrf_token": token}).status_code == 302
    page = client.get(f"/employer/rounds/{match_round.id}").get_data(as_text=True)
    assert "You confirmed this placement." in page and confirm not in page
    again = client.post(f"/employer/placements/{placement.id}/confirm", data={"csrf_token": token},
                        follow_redirects=True)
    assert "You have confirmed this placement already." in again.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "placement.employer_confirmed")) == 1


def test_a_concern_reaches_the_coordinators_by_email(client, published, session):
    _, placement = published
    url = f"/employer/placements/{placement.id}/concern"
    empty = client.post(url, data={"csrf_token": _token(client, url), "message": ""})
    assert empty.status_code == 422 and 'id="message-error"' in empty.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": _token(client, url), "message": "The start date clashes."})
    assert response.status_code == 302
    message = session.scalar(sa.select(OutboxMessage))
    assert message.to_address == "coordinator@example.org" and "The start date clashes." in message.body
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "placement.employer_concern"))
    assert event.details == {}


def test_another_employers_placement_cannot_be_confirmed_or_questioned(client, employer_user, published,
                                                                      make_user, app):
    _, placement = published
    other = app.test_client()
    from tests.conftest import login
    login(other, make_user(Role.EMPLOYER))
    token = csrf_token_from(other.get("/employer/").get_data(as_text=True))
    assert other.post(f"/employer/placements/{placement.id}/confirm", data={"csrf_token": token}).status_code == 404
    assert other.get(f"/employer/placements/{placement.id}/concern").status_code == 404


def test_the_employer_ranks_applicants_where_the_round_asks_for_it(client, employer_user, make_slot, make_student,
                                                                  session):
    slot = make_slot(employer_id=employer_user.employer_id)
    applicants = [make_student(first_name=f"Applicant{n}") for n in range(3)]
    match_round = MatchRound(consortium_id=slot.consortium_id, name="Ranked round", state=RoundState.OPEN,
                             employers_rank=True, slots=[slot])
    session.add(match_round)
    session.flush()
    session.add_all(Preference(round_id=match_round.id, student_id=s.id, slot_id=slot.id, rank=1) for s in applicants)
    session.commit()
    url = f"/employer/rounds/{match_round.id}/slots/{slot.id}/applicants"
    assert "Rank your applicants" in client.get(f"/employer/rounds/{match_round.id}").get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "Applicant0" in page and "Example" not in page
    twice = client.post(url, data={"csrf_token": csrf_token_from(page), f"rank-{applicants[0].id}": "1",
                                   f"rank-{applicants[1].id}": "1"})
    assert twice.status_code == 422 and "Rank 1 is given twice." in twice.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(EmployerRanking)) == 0
    ok = client.post(url, data={"csrf_token": csrf_token_from(page), f"rank-{applicants[2].id}": "1",
                                f"rank-{applicants[0].id}": "2"})
    assert ok.status_code == 302
    ranks = dict(session.execute(sa.select(EmployerRanking.student_id, EmployerRanking.rank)).all())
    assert ranks == {applicants[2].id: 1, applicants[0].id: 2}


def test_ranking_applicants_is_refused_when_the_round_does_not_ask_employers(client, employer_user, make_slot,
                                                                            session):
    slot = make_slot(employer_id=employer_user.employer_id)
    match_round = MatchRound(consortium_id=slot.consortium_id, name="Plain", state=RoundState.OPEN, slots=[slot])
    session.add(match_round)
    session.commit()
    url = f"/employer/rounds/{match_round.id}/slots/{slot.id}/applicants"
    response = client.post(url, data={"csrf_token": _token(client, url)})
    assert response.status_code == 302
    assert "does not ask employers" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_employer_keeps_the_organisation_profile(client, employer_user, session):
    url = "/employer/organisation"
    bad = client.post(url, data={"csrf_token": _token(client, url), "name": "", "zip": "00000",
                                 "website": "not a url"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    for name in ("name", "website"):
        assert f'id="{name}-error"' in page
    good = client.post(url, data={"csrf_token": _token(client, url), "name": "Valley Vet", "zip": "93291",
                                  "website": "https://valleyvet.example.org"})
    assert good.status_code == 302
    session.expire_all()
    assert session.get(Employer, employer_user.employer_id).name == "Valley Vet"


def test_an_unknown_organisation_zip_is_refused(client, employer_user):
    url = "/employer/organisation"
    response = client.post(url, data={"csrf_token": _token(client, url), "name": "Valley Vet", "zip": "00000"})
    assert response.status_code == 422 and 'id="zip-error"' in response.get_data(as_text=True)


def test_the_employer_adds_edits_and_removes_contact_people(client, employer_user, session):
    url = "/employer/contacts/new"
    unreachable = client.post(url, data={"csrf_token": _token(client, url), "name": "Lee"})
    assert unreachable.status_code == 422 and 'id="email-error"' in unreachable.get_data(as_text=True)
    client.post(url, data={"csrf_token": _token(client, url), "name": "Lee", "phone": "(559) 555-0100",
                           "is_primary": "y"})
    contact = session.scalar(sa.select(EmployerContact))
    assert contact.is_primary and contact.employer_id == employer_user.employer_id
    edit = f"/employer/contacts/{contact.id}/edit"
    client.post(edit, data={"csrf_token": _token(client, edit), "name": "Lee Wong", "email": "lee@example.org"})
    session.expire_all()
    assert session.get(EmployerContact, contact.id).name == "Lee Wong"
    client.post(f"/employer/contacts/{contact.id}/delete", data={"csrf_token": _token(client)})
    assert session.scalar(sa.select(sa.func.count(EmployerContact.id))) == 0


def test_another_employers_contact_is_not_found(client, employer_user, make_employer, session):
    theirs = make_employer()
    contact = EmployerContact(employer_id=theirs.id, name="Not yours", email="x@example.org")
    session.add(contact)
    session.commit()
    assert client.get(f"/employer/contacts/{contact.id}/edit").status_code == 404
    assert client.post(f"/employer/contacts/{contact.id}/delete",
                       data={"csrf_token": _token(client)}).status_code == 404
