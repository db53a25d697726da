"""The door test: one value, every door, one verdict and one message.

Each rule of ``wbl_match.domain`` is fed the same good and bad values through every way a value comes in:
the web form (a real POST with its CSRF token), the REST API, a bulk import file (upload, mapping, the
background job) and the service called directly. Every door must give the same verdict: the value stored
in the same normal form, or refused with exactly the rule's own message, beside the field it concerns.
Where a door cannot express a value (the schedule grid has only half hours within a day; there is no web
form for a student's date of birth or grade), the door is left out of that case and the docstring says so.
"""
from __future__ import annotations

import csv
import html
import io
import itertools
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_token_from, login
from wbl_match.domain import birth_dates, capacity, certifications, emails, places, profiles, requirements, wages, weekly
from wbl_match.models import (
    ApiToken, Employer, MatchRound, Role, RoundState, School, Slot, StudentProfile, TravelMode, WithdrawalReason,
)
from wbl_match.models.base import utcnow
from wbl_match.services.accounts.api_tokens import hash_token
from wbl_match.services.bulk.importing import choose_mapping, read_import, run_import, start_import
from wbl_match.services.employers.organisation import OrganisationInput, update_organisation
from wbl_match.services.employers.records import save_employer, save_school
from wbl_match.services.employers.slot_records import save_slot
from wbl_match.services.employers.slots import SlotInput, post_slot
from wbl_match.services.errors import FieldErrors
from wbl_match.services.students.profiles import ProfileInput, update_profile
from wbl_match.services.students.records import save_student
from wbl_match.localisation import local_today

HEALTH = "health-science-medical-technology"
TUESDAY = [(1, 900, 1020)]
_ERROR = re.compile(r'<small id="([\w-]+)-error" class="field-error">(.*?)</small>', re.S)
_ids = itertools.count(1)


def _flat(messages) -> list[str]:
    """A door's messages about one field as a flat list (the API nests a list's messages by index)."""
    if messages is None:
        return []
    if isinstance(messages, dict):
        return [m for key in sorted(messages, key=str) for m in _flat(messages[key])]
    if isinstance(messages, str):
        return [messages]
    return [m for item in messages for m in _flat(item)]


def _intervals(rows) -> list[tuple[int, int, int]]:
    return sorted((r.day, r.start_minute, r.end_minute) for r in rows)


class Doors:
    """Every door of the service, as the people and programs that use it reach it."""

    def __init__(self, app, session, consortium, make_user, make_school, make_employer, make_student, bearer):
        self.session, self.consortium = session, consortium
        self.school = make_school()
        self.employer = make_employer(external_id="E-DOORS")
        self.staff = make_user(Role.INTERMEDIARY)
        self.api_headers, self.admin_headers = bearer(), bearer(Role.ADMIN)
        self.employer_user = make_user(Role.EMPLOYER, employer_id=self.employer.id)
        self.student_user = make_user(Role.STUDENT)
        self.own_profile = make_student(school_id=self.school.id, user_id=self.student_user.id)
        self.employer_client, self.student_client = app.test_client(), app.test_client()
        assert login(self.employer_client, self.employer_user).status_code == 302
        assert login(self.student_client, self.student_user).status_code == 302
        self.api = app.test_client()

    # -- verdicts ------------------------------------------------------------------------------------------

    @staticmethod
    def refused(messages: list[str]) -> tuple:
        return ("refused", tuple(messages))

    @staticmethod
    def stored(value) -> tuple:
        return ("stored", value)

    # -- the web forms -------------------------------------------------------------------------------------

    def _post_form(self, client, url: str, data: dict, field: str, read_back) -> tuple:
        page = client.get(url).get_data(as_text=True)
        response = client.post(url, data={"csrf_token": csrf_token_from(page), **data})
        if response.status_code == 302:
            return self.stored(read_back())
        assert response.status_code == 422, response.status_code
        errors = {name: html.unescape(text) for name, text in _ERROR.findall(response.get_data(as_text=True))}
        return self.refused([errors[field]] if field in errors else [])

    def profile_form(self, field: str, **changes) -> tuple:
        data = {"sector_1": HEALTH, "home_zip": "93291", "travel_mode": "car", "max_minutes": "30",
                "availability": ["1-900", "1-930"], **changes}
        data = {k: v for k, v in data.items() if v is not None}
        return self._post_form(self.student_client, "/student/profile", data, field,
                               lambda: self._student_field(self.own_profile.id, field))

    def slot_form(self, field: str, **changes) -> tuple:
        data = {"title": "Door keeper", "sector_code": HEALTH, "site_zip": "93291", "schedule": ["1-900", "1-930"],
                "capacity": "2", "safety_attested": "y", **changes}
        data = {k: v for k, v in data.items() if v is not None}

        def read_back():
            self.session.expire_all()
            slot = self.session.scalars(sa.select(Slot).order_by(Slot.id.desc())).first()
            return self._slot_value(slot, field)

        return self._post_form(self.employer_client, "/employer/slots/new", data, field, read_back)

    def organisation_form(self, zip_code: str) -> tuple:
        def read_back():
            self.session.expire_all()
            return self.session.get(Employer, self.employer.id).zip

        return self._post_form(self.employer_client, "/employer/organisation", {"name": "Doors Inc", "zip": zip_code},
                               "zip", read_back)

    # -- the API -------------------------------------------------------------------------------------------

    def _api_post(self, url: str, body: dict, field: str, read_back, headers=None) -> tuple:
        response = self.api.post(url, json=body, headers=headers or self.api_headers)
        if response.status_code == 201:
            return self.stored(read_back(response.get_json()["id"]))
        assert response.status_code == 422, response.get_json()
        return self.refused(_flat(response.get_json()["errors"].get("json", {}).get(field)))

    def student_api(self, field: str, **changes) -> tuple:
        body = {"external_id": f"A{next(_ids)}", "school_id": self.school.id, "first_name": "Ana",
                "last_name": "Ruiz", "grade": 11, "home_zip": "93291", **changes}
        return self._api_post("/api/v1/students/", body, field, lambda ident: self._student_field(ident, field))

    def slot_api(self, field: str, **changes) -> tuple:
        body = {"employer_id": self.employer.id, "title": "Door keeper", "sector_code": HEALTH, "capacity": 2,
                "site_zip": "93291", "site_lat": 36.33, "site_lon": -119.29,
                "shifts": [{"day": "tue", "start": "15:00", "end": "17:00"}], **changes}
        return self._api_post("/api/v1/slots/", body, field,
                              lambda ident: self._slot_value(self.session.get(Slot, ident), field))

    def employer_api(self, zip_code: str) -> tuple:
        return self._api_post("/api/v1/employers/", {"name": "Doors Inc", "zip": zip_code}, "zip",
                              lambda ident: self.session.get(Employer, ident).zip)

    def school_api(self, zip_code: str) -> tuple:
        body = {"cds_code": f"{next(_ids):014d}", "name": f"School {next(_ids)}", "zip": zip_code}
        return self._api_post("/api/v1/schools/", body, "zip", lambda ident: self.session.get(School, ident).zip,
                              self.admin_headers)

    # -- bulk import ---------------------------------------------------------------------------------------

    def _import(self, kind: str, cells: dict[str, str], column: str, read_back) -> tuple:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(list(cells))
        writer.writerow(list(cells.values()))
        job = start_import(self.session, self.staff, kind, f"{kind}.csv", out.getvalue().encode())
        job = read_import(self.session, job.id)  # the background job reads the file once
        assert choose_mapping(self.session, self.staff, job, list(job.mapping)) == []
        job = run_import(self.session, job.id)
        if not job.problems:
            return self.stored(read_back(next(iter(cells.values()))))
        return self.refused([p["message"] for p in job.problems if p["column"] == column])

    def student_import(self, field: str, column: str, text: str) -> tuple:
        cells = {"Student ID": f"I{next(_ids)}", "School": self.school.cds_code, "First name": "Ana",
                 "Last name": "Ruiz", "Grade": "11", "Home ZIP": "93291", column: text}

        def read_back(external_id):
            self.session.expire_all()
            student = self.session.scalar(sa.select(StudentProfile).filter_by(external_id=external_id))
            return self._student_field(student.id, field)

        return self._import("students", cells, column, read_back)

    def slot_import(self, field: str, column: str, text: str) -> tuple:
        return self.slot_import_cells(field, {column: text}, column)

    def slot_import_cells(self, field: str, changes: dict[str, str], column: str) -> tuple:
        cells = {"Slot ID": f"J{next(_ids)}", "Employer ID": "E-DOORS", "Title": "Door keeper", "Sector": HEALTH,
                 "Site ZIP": "93291", "Capacity": "2", "Schedule": "Tue 15:00-17:00", **changes}

        def read_back(external_id):
            self.session.expire_all()
            return self._slot_value(self.session.scalar(sa.select(Slot).filter_by(external_id=external_id)), field)

        return self._import("slots", cells, column, read_back)

    def employer_import(self, zip_code: str) -> tuple:
        def read_back(external_id):
            self.session.expire_all()
            return self.session.scalar(sa.select(Employer).filter_by(external_id=external_id)).zip

        return self._import("employers", {"Employer ID": f"X{next(_ids)}", "Name": "Doors Inc", "ZIP": zip_code},
                            "ZIP", read_back)

    # -- the services, called directly ---------------------------------------------------------------------

    def _call(self, call, field: str, read_back) -> tuple:
        try:
            record = call()
        except FieldErrors as refusal:
            return self.refused(refusal.errors.get(field, []))
        return self.stored(read_back(record))

    def student_service(self, field: str, **values) -> tuple:
        base = {"external_id": f"S{next(_ids)}", "school_id": self.school.id, "first_name": "Ana",
                "last_name": "Ruiz", "grade": 11, "home_zip": "93291", **values}
        return self._call(lambda: save_student(self.session, None, self.consortium.id, base), field,
                          lambda student: self._student_field(student.id, field))

    def profile_service(self, field: str, **changes) -> tuple:
        base = dict(pathway_code=None, sectors=[HEALTH, "", ""], home_zip="93291", travel_mode="car",
                    availability=TUESDAY, max_minutes=30)
        return self._call(lambda: update_profile(self.session, self.student_user, self.own_profile,
                                                 ProfileInput(**{**base, **changes})),
                          field, lambda profile: self._student_field(profile.id, field))

    def slot_service(self, field: str, **changes) -> tuple:
        base = dict(title="Door keeper", sector_code=HEALTH, capacity=2, schedule=TUESDAY, site_zip="93291",
                    safety_attested=True)
        return self._call(lambda: post_slot(self.session, self.employer_user, self.employer,
                                            SlotInput(**{**base, **changes})),
                          field, lambda slot: self._slot_value(slot, field))

    def slot_record_service(self, field: str, **values) -> tuple:
        base = {"employer_id": self.employer.id, "title": "Door keeper", "sector_code": HEALTH, "capacity": 2,
                "site_zip": "93291", "site_lat": 36.33, "site_lon": -119.29, "shifts": TUESDAY, **values}
        return self._call(lambda: save_slot(self.session, None, self.consortium.id, base), field,
                          lambda slot: self._slot_value(slot, field))

    def organisation_service(self, zip_code: str) -> tuple:
        return self._call(lambda: update_organisation(self.session, self.employer_user, self.employer,
                                                      OrganisationInput(name="Doors Inc", zip=zip_code)),
                          "zip", lambda employer: employer.zip)

    def employer_service(self, zip_code: str) -> tuple:
        return self._call(lambda: save_employer(self.session, None, self.consortium.id,
                                                {"name": "Doors Inc", "zip": zip_code}), "zip",
                          lambda employer: employer.zip)

    def school_service(self, zip_code: str) -> tuple:
        values = {"cds_code": f"{next(_ids):014d}", "name": f"School {next(_ids)}", "zip": zip_code}
        return self._call(lambda: save_school(self.session, None, self.consortium.id, values), "zip",
                          lambda school: school.zip)

    # -- reading back what was stored ----------------------------------------------------------------------

    def _student_field(self, student_id: int, field: str):
        self.session.expire_all()
        student = self.session.get(StudentProfile, student_id)
        if field in ("availability",):
            return _intervals(student.availability)
        if field in ("max_minutes", "home_zip", "certifications", "date_of_birth", "grade", "guardian_email"):
            return getattr(student, field)
        if field == "other_certifications":
            return student.certifications
        raise AssertionError(field)

    def _slot_value(self, slot: Slot, field: str):
        self.session.refresh(slot)
        if field in ("schedule", "shifts"):
            return _intervals(slot.shifts)
        if field in ("hourly_wage", "hourly_wage_cents"):
            return slot.hourly_wage_cents
        if field in ("other_required_certifications", "required_certifications"):
            return slot.required_certifications
        return getattr(slot, field)


@pytest.fixture
def doors(app, session, consortium, make_user, make_school, make_employer, make_student):
    def bearer(role: Role = Role.INTERMEDIARY) -> dict[str, str]:
        token = f"wbl_doors-{role.value}-{next(_ids)}"
        session.add(ApiToken(consortium_id=consortium.id, name="doors", role=role, prefix=token[:12],
                             token_hash=hash_token(token)))
        session.commit()
        return {"Authorization": f"Bearer {token}"}

    return Doors(app, session, consortium, make_user, make_school, make_employer, make_student, bearer)


def _expected(problem, value, stored):
    message = problem(value)
    return ("refused", (message,)) if message else ("stored", stored)


def _one_verdict(verdicts: dict[str, tuple], expected: tuple) -> None:
    wrong = {door: verdict for door, verdict in verdicts.items() if verdict != expected}
    assert not wrong, f"expected {expected} at every door; these disagree: {wrong}"


def _at_doors(doors, side: str, field: str, column: str, value, *, text: str | None = None, api=None,
              skip: tuple[str, ...] = ()) -> dict[str, tuple]:
    """Each door's verdict on one value of a student's or a slot's ``field`` (``side``; ``column`` in an import
    file): the form and the import get ``text`` (``str(value)`` unless given), the API ``api`` (``value`` unless
    given) and the services ``value``; the doors in ``skip`` are left out (the case adds them itself, or none
    can say the value)."""
    text = str(value) if text is None else text
    (form_name, form), api_door, import_door, services = {
        "student": (("profile form", doors.profile_form), doors.student_api, doors.student_import,
                    {"records service": doors.student_service, "profile service": doors.profile_service}),
        "slot": (("slot form", doors.slot_form), doors.slot_api, doors.slot_import,
                 {"slot service": doors.slot_service, "records service": doors.slot_record_service}),
    }[side]
    doors_of = {
        form_name: lambda: form(field, **{field: text}),
        "API": lambda: api_door(field, **{field: value if api is None else api}),
        "import": lambda: import_door(field, column, text),
        **{name: (lambda service=service: service(field, **{field: value})) for name, service in services.items()},
    }
    return {door: verdict() for door, verdict in doors_of.items() if door not in skip}


# -- ZIP codes and places ------------------------------------------------------------------------------------

ZIPS = ["93291", "93291-1234", "00000", "ABCDE", "10001", "9329", "932911"]


@pytest.mark.parametrize("value", ZIPS)
def test_a_home_zip_gets_one_verdict_at_the_profile_form_the_api_the_import_and_the_services(doors, value):
    _one_verdict(_at_doors(doors, "student", "home_zip", "Home ZIP", value),
                 _expected(places.zip_problem, value, "93291"))


@pytest.mark.parametrize("value", ZIPS)
def test_a_work_site_zip_gets_one_verdict_at_the_slot_form_the_api_the_import_and_the_services(doors, value):
    _one_verdict(_at_doors(doors, "slot", "site_zip", "Site ZIP", value),
                 _expected(places.zip_problem, value, "93291"))


@pytest.mark.parametrize("value", ZIPS)
def test_an_employers_and_a_schools_zip_get_one_verdict_at_every_door(doors, value):
    expected = _expected(places.zip_problem, value, "93291")
    _one_verdict({
        "organisation form": doors.organisation_form(value),
        "employer API": doors.employer_api(value),
        "school API": doors.school_api(value),
        "import": doors.employer_import(value),
        "organisation service": doors.organisation_service(value),
        "employer records service": doors.employer_service(value),
        "school records service": doors.school_service(value),
    }, expected)


@pytest.mark.parametrize(("lat", "lon", "field"), [(36.33, -119.29, "site_lat"), (91.0, -119.29, "site_lat"),
                                                   (-90.5, -119.29, "site_lat"), (36.33, -181.0, "site_lon"),
                                                   (36.33, 540.0, "site_lon")])
def test_a_typed_work_site_position_gets_one_verdict_at_every_door(doors, lat, lon, field):
    value = lat if field == "site_lat" else lon
    problem = places.latitude_problem if field == "site_lat" else places.longitude_problem
    _one_verdict({
        "slot form": doors.slot_form(field, site_lat=str(lat), site_lon=str(lon)),
        "API": doors.slot_api(field, site_lat=lat, site_lon=lon),
        "import": doors.slot_import_cells(field, {"Site latitude": str(lat), "Site longitude": str(lon)},
                                          "Site latitude" if field == "site_lat" else "Site longitude"),
        "slot service": doors.slot_service(field, site_lat=lat, site_lon=lon),
        "records service": doors.slot_record_service(field, site_lat=lat, site_lon=lon),
    }, _expected(problem, value, value))


# -- capacity ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [1, 2, 1000, 0, -1, 1001, 100_000])
def test_a_capacity_gets_one_verdict_at_the_slot_form_the_api_the_import_and_the_services(doors, value):
    _one_verdict(_at_doors(doors, "slot", "capacity", "Capacity", value),
                 _expected(capacity.capacity_problem, value, value))


# -- weekly intervals ----------------------------------------------------------------------------------------

INTERVALS = [
    [(1, 900, 1020)],
    [(0, 900, 1020), (0, 960, 1080)],  # overlapping: merged into Mon 15:00-18:00 at every door
    [(2, 900, 960), (2, 960, 1020)],  # touching: merged too
    [(0, 1020, 900)],  # ends before it starts
    [(0, 1380, 1470)],  # beyond midnight
]


def _interval_verdict(intervals):
    try:
        return ("stored", weekly.normalise_intervals(intervals))
    except weekly.ScheduleError as problem:
        return ("refused", (problem.message,))


def _text(intervals) -> str:
    return "; ".join(f"{weekly.WEEKDAYS[d].capitalize()} {s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}"
                     for d, s, e in intervals)


def _dicts(intervals) -> list[dict[str, str]]:
    return [{"day": weekly.WEEKDAYS[d], "start": f"{s // 60:02d}:{s % 60:02d}", "end": f"{e // 60:02d}:{e % 60:02d}"}
            for d, s, e in intervals]


@pytest.mark.parametrize("intervals", INTERVALS)
def test_a_students_weekly_availability_gets_one_verdict_at_the_api_the_import_and_the_services(doors, intervals):
    """The profile form's grid marks half hours within a day, so it cannot express these; see the next test."""
    _one_verdict(_at_doors(doors, "student", "availability", "Availability", intervals, text=_text(intervals),
                           api=_dicts(intervals), skip=("profile form",)), _interval_verdict(intervals))


@pytest.mark.parametrize("intervals", INTERVALS)
def test_a_slots_weekly_schedule_gets_one_verdict_at_the_api_the_import_and_the_services(doors, intervals):
    """The slot service takes the schedule as ``schedule``, the other doors as ``shifts``."""
    _one_verdict({
        **_at_doors(doors, "slot", "shifts", "Schedule", intervals, text=_text(intervals), api=_dicts(intervals),
                    skip=("slot form", "slot service")),
        "slot service": doors.slot_service("schedule", schedule=intervals),
    }, _interval_verdict(intervals))


def test_times_marked_on_the_grid_are_stored_as_the_other_doors_store_the_same_times(doors):
    cells = ["2-900", "2-930", "2-960", "2-990"]  # Wed 15:00-17:00 in four half hours: one interval
    expected = ("stored", [(2, 900, 1020)])
    _one_verdict({
        "profile form": doors.profile_form("availability", availability=cells),
        "slot form": doors.slot_form("schedule", schedule=cells),
        "API": doors.slot_api("shifts", shifts=_dicts([(2, 900, 960), (2, 960, 1020)])),
        "import": doors.student_import("availability", "Availability", "Wed 15:00-16:00; Wed 16:00-17:00"),
    }, expected)


def test_a_time_that_is_not_on_the_grid_is_refused_by_both_forms(doors):
    assert doors.profile_form("availability", availability=["1-5"]) == ("refused", ("Choose times from the grid.",))
    assert doors.slot_form("schedule", schedule=["9-900"]) == ("refused", ("Choose times from the grid.",))


# -- certifications ------------------------------------------------------------------------------------------

CERTIFICATIONS = [
    ["CPR"],
    ["cpr", "Forklift operator"],
    ["  Food   handler  "],
    ["<script>"],
    ["x" * 41],
    ["---"],
    [f"Cert {n}" for n in range(21)],
]


def _certification_verdict(names):
    problems = certifications.certification_problems(names)
    return ("refused", tuple(problems)) if problems else ("stored", certifications.normalise_certifications(names))


@pytest.mark.parametrize("names", CERTIFICATIONS)
def test_a_students_certifications_get_one_verdict_at_every_door(doors, names):
    _one_verdict({
        "profile form": doors.profile_form("other_certifications", other_certifications=", ".join(names)),
        **_at_doors(doors, "student", "certifications", "Certifications", names, text="; ".join(names),
                    skip=("profile form",)),
    }, _certification_verdict(names))


@pytest.mark.parametrize("names", CERTIFICATIONS)
def test_a_slots_required_certifications_get_one_verdict_at_every_door(doors, names):
    _one_verdict({
        "slot form": doors.slot_form("other_required_certifications",
                                     other_required_certifications=", ".join(names)),
        **_at_doors(doors, "slot", "required_certifications", "Required certifications", names,
                    text="; ".join(names), skip=("slot form",)),
    }, _certification_verdict(names))


# -- travel limits and the complete profile ------------------------------------------------------------------

@pytest.mark.parametrize("value", [1, 45, 240, 0, 241, 10_000])
def test_a_longest_trip_gets_one_verdict_at_every_door(doors, value):
    _one_verdict(_at_doors(doors, "student", "max_minutes", "Max minutes", value),
                 _expected(profiles.minutes_problem, value, value))


MISSING = {
    profiles.TRAVEL_MODE: {"travel_mode": None},
    profiles.TRAVEL_LIMIT: {"max_minutes": None},
    profiles.AVAILABILITY: {"availability": []},
    profiles.SECTORS: {"sectors": []},
}


@pytest.mark.parametrize("gap", list(MISSING))
def test_what_the_completeness_rule_finds_missing_is_what_the_profile_form_asks_for(doors, gap):
    """Rosters may be incomplete (the API, the import and the records service store them, and readiness counts
    them by ``profile_gaps``); the student's own form saves only a complete profile, asking for each gap."""
    field, message = profiles.REQUESTS[gap]
    form_changes = {"travel_mode": {"travel_mode": ""}, "max_minutes": {"max_minutes": ""},
                    "availability": {"availability": []}, "sector_1": {"sector_1": ""}}[field]
    assert doors.profile_form(field, **form_changes) == ("refused", (message,))
    service_changes = {"travel_mode": {"travel_mode": None}, "max_minutes": {"max_minutes": None},
                       "availability": {"availability": []}, "sector_1": {"sectors": ["", "", ""]}}[field]
    assert doors.profile_service(field, **service_changes) == ("refused", (message,))
    complete = dict(travel_mode="car", max_minutes=30, sectors=[HEALTH], availability=TUESDAY)
    values = {**complete, **MISSING[gap]}
    api_body = {**values, "availability": _dicts(values["availability"])}
    api_body = {k: v for k, v in api_body.items() if v is not None}
    created = doors.api.post("/api/v1/students/", json={
        "external_id": "GAP-A", "school_id": doors.school.id, "first_name": "Ana", "last_name": "Ruiz", "grade": 11,
        "home_zip": "93291", "home_lat": 36.33, "home_lon": -119.29, **api_body}, headers=doors.api_headers)
    assert created.status_code == 201, created.get_json()
    save_student(doors.session, None, doors.consortium.id, {
        "external_id": "GAP-S", "school_id": doors.school.id, "first_name": "Ana", "last_name": "Ruiz", "grade": 11,
        "home_zip": "93291", "home_lat": 36.33, "home_lon": -119.29,
        **{**values, "travel_mode": values["travel_mode"] and TravelMode(values["travel_mode"])}})
    cells = {"Travel mode": values["travel_mode"] or "", "Max minutes": str(values["max_minutes"] or ""),
             "Sectors": "; ".join(values["sectors"]), "Availability": _text(values["availability"])}
    out = io.StringIO()
    writer = csv.writer(out)
    base = {"Student ID": "GAP-I", "School": doors.school.cds_code, "First name": "Ana", "Last name": "Ruiz",
            "Grade": "11", "Home ZIP": "93291", **cells}
    writer.writerow(list(base))
    writer.writerow(list(base.values()))
    job = start_import(doors.session, doors.staff, "students", "gap.csv", out.getvalue().encode())
    job = read_import(doors.session, job.id)
    choose_mapping(doors.session, doors.staff, job, list(job.mapping))
    assert run_import(doors.session, job.id).problems == []
    doors.session.expire_all()
    gaps = {s.external_id: profiles.profile_gaps(s) for s in doors.session.scalars(
        sa.select(StudentProfile).where(StudentProfile.external_id.like("GAP-%")))}
    assert gaps == {"GAP-A": [gap], "GAP-S": [gap], "GAP-I": [gap]}


# -- dates of birth, grades and the requirements slots ask -----------------------------------------------------

TODAY = local_today()
BIRTH_DATES = ["2010-05-01", (TODAY - timedelta(days=365 * 16)).isoformat(), "0001-01-01", "1900-01-01",
               (TODAY - timedelta(days=365 * 5)).isoformat(), (TODAY + timedelta(days=30)).isoformat(),
               "2010-13-45", "1 May 2010"]


@pytest.mark.parametrize("text", BIRTH_DATES, ids=["2010-05-01", "sixteen years ago", "0001-01-01", "1900-01-01",
                                                  "five years ago", "next month", "2010-13-45", "1 May 2010"])
def test_a_date_of_birth_gets_one_verdict_at_the_api_the_import_and_the_records_service(doors, text):
    """No web form takes a date of birth (the school's roster does, by import or API)."""
    try:
        birth = date.fromisoformat(text)
    except ValueError:
        birth = None
    expected = (("refused", (birth_dates.MALFORMED,)) if birth is None
                else _expected(birth_dates.birth_date_problem, birth, birth))
    skip = ("profile form", "profile service") + (("records service",) if birth is None else ())  # it takes dates
    _one_verdict(_at_doors(doors, "student", "date_of_birth", "Date of birth", birth, text=text, api=text, skip=skip),
                 expected)


@pytest.mark.parametrize("value", [9, 12, 8, 13, 0])
def test_a_grade_gets_one_verdict_at_the_api_the_import_and_the_records_service(doors, value):
    _one_verdict(_at_doors(doors, "student", "grade", "Grade", value, skip=("profile form", "profile service")),
                 _expected(requirements.grade_problem, value, value))


GUARDIAN_EMAILS = ["r.lopez@example.org", "R.Lopez@Example.ORG", "not-an-email", "a@b", "two@@example.org",
                   "name@example.org x", "x" * 250 + "@example.org"]


@pytest.mark.parametrize("value", GUARDIAN_EMAILS, ids=range(len(GUARDIAN_EMAILS)))
def test_a_guardians_email_gets_one_verdict_at_the_api_the_import_and_the_records_service(doors, value):
    """No form takes it yet (import and API do); every door stores it trimmed and in lower case."""
    _one_verdict(_at_doors(doors, "student", "guardian_email", "Guardian e-mail", value,
                           skip=("profile form", "profile service")),
                 _expected(emails.email_problem, value, value.lower()))


@pytest.mark.parametrize("value", [14, 25, 13, 26])
def test_a_minimum_age_gets_one_verdict_at_every_door(doors, value):
    _one_verdict(_at_doors(doors, "slot", "min_age", "Minimum age", value),
                 _expected(requirements.min_age_problem, value, value))


@pytest.mark.parametrize("value", [9, 12, 8, 13])
def test_a_lowest_grade_gets_one_verdict_at_the_api_the_import_and_the_services(doors, value):
    """The slot form offers grades 9 to 12 as choices; another value is not a choice there."""
    _one_verdict(_at_doors(doors, "slot", "min_grade", "Minimum grade", value, skip=("slot form",)),
                 _expected(requirements.min_grade_problem, value, value))


@pytest.mark.parametrize("cents", [0, 1750, 50_000, 50_001, 100_000, -100])
def test_an_hourly_wage_gets_one_verdict_at_every_door(doors, cents):
    dollars = f"{cents / 100:.2f}"
    _one_verdict({
        "slot form": doors.slot_form("hourly_wage", hourly_wage=dollars, is_paid="y"),
        "API": doors.slot_api("hourly_wage_cents", hourly_wage_cents=cents, is_paid=True),
        "import": doors.slot_import("hourly_wage_cents", "Hourly wage", dollars),
        "slot service": doors.slot_service("hourly_wage", hourly_wage_cents=cents, is_paid=True),
        "records service": doors.slot_record_service("hourly_wage_cents", hourly_wage_cents=cents, is_paid=True),
    }, _expected(wages.wage_problem, cents, cents))


@pytest.mark.parametrize("text", ["sNaN", "Infinity", "1e999999"])
def test_a_wage_that_is_not_an_amount_is_refused_by_the_form_and_the_import_without_an_error_page(doors, text):
    assert doors.slot_form("hourly_wage", hourly_wage=text, is_paid="y")[0] == "refused"
    assert doors.slot_import("hourly_wage_cents", "Hourly wage", text)[0] == "refused"


# -- round membership ----------------------------------------------------------------------------------------

def test_who_takes_part_in_a_round_is_one_answer_for_the_solve_readiness_the_students_pages_and_pinning(
        doors, session, make_school, make_student, make_slot):
    """A student takes part when their school is one of the round's schools and they are not withdrawn; a round
    without schools has no students. The solve's rows, readiness, the student's own rounds and the pin check all
    give that one answer (``services.rounds.membership``, by the rule of ``domain.membership``)."""
    from wbl_match.domain.membership import takes_part as rule
    from wbl_match.services.rounds import membership
    from wbl_match.services.rounds.adjusting import pin_student
    from wbl_match.services.rounds.errors import RoundError
    from wbl_match.services.rounds.readiness import round_readiness
    from wbl_match.services.rounds.round_rows import load_round_rows
    from wbl_match.services.students.eligibility import open_rounds_for

    elsewhere = make_school()
    students = {"own school": doors.own_profile,
                "same school": make_student(school_id=doors.school.id),
                "other school": make_student(school_id=elsewhere.id),
                "withdrawn": make_student(school_id=doors.school.id, withdrawn_at=utcnow(),
                                          withdrawal_reason=WithdrawalReason.LEFT_SCHOOL)}
    slot = make_slot(employer_id=doors.employer.id)
    with_schools = MatchRound(consortium_id=doors.consortium.id, name="With schools", state=RoundState.OPEN,
                              schools=[doors.school], slots=[slot])
    without = MatchRound(consortium_id=doors.consortium.id, name="Without schools", state=RoundState.OPEN,
                         schools=[], slots=[slot])
    session.add_all([with_schools, without])
    session.commit()
    for match_round in (with_schools, without):
        school_ids = {school.id for school in match_round.schools}
        expected = {name for name, s in students.items() if rule(
            student_consortium_id=s.consortium_id, student_school_id=s.school_id, withdrawn=s.withdrawn_at is not None,
            round_consortium_id=match_round.consortium_id, round_school_ids=school_ids)}
        ids = {s.id: name for name, s in students.items()}
        rows = load_round_rows(session, match_round)
        solve = {ids[p.id] for p in rows.students} | {ids[p.id] for p, _ in rows.incomplete}
        assert solve == expected, match_round.name
        assert round_readiness(session, match_round).students == len(expected)
        assert {name for name, s in students.items() if membership.takes_part(session, match_round, s)} == expected
        assert {name for name, s in students.items() if match_round in open_rounds_for(session, s)} == expected
        match_round.state = RoundState.SOLVED
        session.commit()
        refusals = {}
        for name, student in students.items():
            try:
                pin_student(session, doors.staff, match_round.id, student.id, slot.id)
            except RoundError as refusal:
                refusals[name] = refusal.message
        not_taking_part = ("Choose a student who takes part in this round.",
                           "This student has been withdrawn from the programme.")
        assert {name for name, message in refusals.items() if message in not_taking_part} == set(students) - expected
