"""The dashboard opens with the to-do list; the schools' table folds away under it."""
from __future__ import annotations

from wbl_match.models import MatchRound, Role, RoundState


def test_the_dashboard_lists_what_waits_with_links_to_where_it_is_done(client, session, signed_in, consortium,
                                                                      make_school, make_student):
    signed_in(Role.INTERMEDIARY)
    match_round = MatchRound(consortium_id=consortium.id, name="Spring 2027", state=RoundState.CLOSED)
    session.add(match_round)
    school = make_school(name="Lindsay High")
    make_student(school_id=school.id, home_lat=None, home_lon=None)
    session.commit()
    page = client.get("/intermediary/").get_data(as_text=True)
    assert page.index('id="todo-heading"') < page.index("Schools (")
    assert f'href="/intermediary/rounds/{match_round.id}">Spring 2027</a>: Ranking is closed: solve it' in page
    assert f'href="/intermediary/students?school={school.id}&amp;profile=incomplete">Lindsay High</a>' in page


def test_a_quiet_dashboard_says_nothing_is_waiting(client, signed_in):
    signed_in(Role.INTERMEDIARY)
    assert "Nothing is waiting for you." in client.get("/intermediary/").get_data(as_text=True)
