"""``flask seed-demo``: one believable consortium built from the real geography of Tulare and Kings counties.

Everything is drawn from one seeded random generator in a fixed order, so the same seed always builds
the same consortium. It comes with two match rounds of every school: the spring after-school round, open
for ranking, and the summer round, a draft.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match import matching
from wbl_match.matching.rules import pair_failures
from wbl_match.matching.travel import limit_km
from wbl_match.models import (
    Consortium, Employer, EmployerContact, MatchRound, Role, RoundState, School, Slot, SlotShift, SlotStatus,
    StudentAvailability, StudentDemographics, StudentProfile, StudentSectorInterest, TravelMode, User,
)
from wbl_match.models.base import utcnow
from wbl_match.passwords import Passwords
from wbl_match.reference import SECTOR_BY_CODE
from wbl_match.services.audit import record_event
from wbl_match.services.demo import catalogue, geography, rankings, schedules
from wbl_match.services.engine_io import engine_slot, engine_student
from wbl_match.services.reference_data import ensure_reference_data
from wbl_match.services.rounds import RoundSettings, add_round, move_round

COUNTIES = ("Tulare", "Kings")
DEMO_SLUG = "south-valley"
DEMO_PASSWORD = "demo-pathways-2027"
SUMMER_START, SUMMER_END = date(2027, 6, 14), date(2027, 7, 30)
SPRING_START, SPRING_END = date(2027, 2, 1), date(2027, 5, 21)
SPRING_ROUND, SUMMER_ROUND = "Spring 2027 after-school internships", "Summer 2027 internships"
#: The demo's fixed "today", so that ages do not drift with the calendar.
REFERENCE_DAY = date(2027, 1, 15)


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    password: str
    name: str


@dataclass(frozen=True)
class DemoSummary:
    consortium: Consortium
    schools: int
    students: int
    employers: int
    slots: int
    logins: tuple[DemoLogin, ...]


class DemoAlreadySeeded(RuntimeError):
    """The demo consortium exists already; seeding twice would duplicate it."""


def seed_demo(session: Session, passwords: Passwords, seed: int = 2027, students: int = 1500,
              employers: int = 120, slots: int = 400) -> DemoSummary:
    """Build the demo consortium in one transaction and return what was built, with its logins."""
    if session.scalar(sa.select(Consortium.id).where(Consortium.slug == DEMO_SLUG)) is not None:
        raise DemoAlreadySeeded(f"the demo consortium '{DEMO_SLUG}' exists already")
    rng = random.Random(seed)
    ensure_reference_data(session)
    consortium = Consortium(slug=DEMO_SLUG, name="South Valley Career Pathways Consortium",
                            region="Tulare and Kings counties")
    session.add(consortium)
    session.flush()
    school_rows = _add_schools(session, consortium)
    employer_rows = _add_employers(session, rng, consortium, school_rows, employers)
    slot_rows = _add_slots(session, rng, consortium, employer_rows, slots)
    employer_rows = [planned.employer for planned in employer_rows]
    student_rows = _add_students(session, rng, consortium, school_rows, students, slot_rows)
    logins = _add_logins(session, passwords, consortium, employer_rows[0], student_rows[0])
    spring = _add_rounds(session, consortium, school_rows, slot_rows)
    # The demo login student (the first) has not ranked yet: ranking is theirs to try.
    session.add_all(rankings.spring_rankings(random.Random(seed + 1), spring, student_rows[1:],
                                             _open_slots(slot_rows, SPRING_START)))
    record_event(session, None, "demo.seeded", consortium, seed=seed)
    session.commit()
    return DemoSummary(consortium, len(school_rows), len(student_rows), len(employer_rows), len(slot_rows), logins)


def _add_schools(session: Session, consortium: Consortium) -> list[School]:
    rows = [School(consortium_id=consortium.id, cds_code=s.cds_code, name=s.name, district=s.district,
                   county=s.county, city=s.city, zip=s.zip, lat=s.lat, lon=s.lon)
            for s in geography.region_schools(COUNTIES)]
    session.add_all(rows)
    session.flush()
    return rows


def _towns(schools: list[School]) -> list[tuple[str, float, float, int]]:
    """Towns with at least one school: (name, lat, lon, schools), centred on their schools."""
    by_town: dict[str, list[School]] = {}
    for school in schools:
        by_town.setdefault(school.city, []).append(school)
    return [(town, sum(s.lat for s in group) / len(group), sum(s.lon for s in group) / len(group), len(group))
            for town, group in sorted(by_town.items())]


@dataclass(frozen=True)
class _PlannedEmployer:
    """An employer row with what the slot builder needs to know about it."""

    employer: Employer
    kind: catalogue.EmployerKind
    site: tuple[float, float]


def _add_employers(session, rng, consortium, schools, count) -> list[_PlannedEmployer]:
    towns = _towns(schools)
    zips = geography.region_zips(COUNTIES)
    kinds = [kind for _, kind in catalogue.EMPLOYER_KINDS]
    kind_weights = [weight for weight, _ in catalogue.EMPLOYER_KINDS]
    rows, used_names = [], set()
    while len(rows) < count:
        kind = rng.choices(kinds, kind_weights)[0]
        town, lat, lon, size = rng.choices(towns, [t[3] ** 1.5 for t in towns])[0]
        name = kind.name.format(town=town, name=rng.choice(catalogue.FAMILY_NAMES))
        if name in used_names:
            continue
        used_names.add(name)
        site_lat, site_lon = geography.jitter(rng, lat, lon, 3.0)
        employer = Employer(consortium_id=consortium.id, external_id=f"EMP-{len(rows) + 1:04d}", name=name,
                            address=f"{rng.randint(100, 2999)} {rng.choice(('Main', 'Center', 'Oak', 'Walnut', 'Mineral King', 'Caldwell', 'Lacey', 'Grangeville'))} {rng.choice(('St', 'Ave', 'Blvd'))}",
                            city=town, zip=geography.nearest_zip(zips, site_lat, site_lon).zip)
        contact = rng.choice(catalogue.GIVEN_NAMES) + " " + rng.choice(catalogue.FAMILY_NAMES)
        employer.contacts.append(EmployerContact(
            name=contact, title="Internship supervisor", is_primary=True,
            email=f"{contact.split()[0].lower().replace(' ', '')}@employer{len(rows) + 1}.example.org",
            phone=f"(559) 555-{rng.randint(1000, 9999)}"))
        rows.append(_PlannedEmployer(employer, kind, (site_lat, site_lon)))
    session.add_all(planned.employer for planned in rows)
    session.flush()
    return rows


def _add_slots(session, rng, consortium, employers, count) -> list[Slot]:
    attested = utcnow()
    rows = []
    for index in range(count):
        planned = employers[index] if index < len(employers) else rng.choice(employers)
        employer, kind, (lat, lon) = planned.employer, planned.kind, planned.site
        # The demo employer's first slot is an open after-school one: that login has a slot in the open round.
        summer = rng.random() < catalogue.SUMMER_SLOT_SHARE and index > 0
        places, weights = catalogue.SUMMER_PLACES if summer else catalogue.AFTER_SCHOOL_PLACES
        slot = Slot(
            consortium_id=consortium.id, employer_id=employer.id, external_id=f"SLOT-{index + 1:04d}",
            title=rng.choice(kind.titles), sector_code=kind.sector, pathway_code=kind.pathway,
            description=f"Work alongside the {SECTOR_BY_CODE[kind.sector].name.lower()} team at {employer.name}. "
                        "A supervisor guides you through real tasks and a short project you present at the end.",
            site_address=employer.address, site_city=employer.city, site_zip=employer.zip,
            site_lat=lat, site_lon=lon, is_remote=kind.sector == "information-communication-technologies"
            and rng.random() < 0.3,
            term_start=SUMMER_START if summer else SPRING_START, term_end=SUMMER_END if summer else SPRING_END,
            capacity=rng.choices(places, weights)[0], is_paid=rng.random() < 0.4,
            min_grade=11 if rng.random() < 0.35 else None, min_age=16 if rng.random() < 0.3 else None,
            required_certifications=list(kind.requires) if rng.random() < 0.7 else [],
            what_to_bring="Closed-toe shoes, a photo ID and your signed work permit.",
            status=SlotStatus.OPEN if rng.random() < 0.92 or index == 0 else SlotStatus.DRAFT)
        if slot.is_paid:
            slot.hourly_wage_cents = rng.choice((1650, 1700, 1800))
        if slot.status is SlotStatus.OPEN:
            slot.safety_attested_at = attested
        slot.shifts = [SlotShift(day=d, start_minute=s, end_minute=e) for d, s, e in
                       schedules.slot_schedule(rng, summer)]
        rows.append(slot)
    session.add_all(rows)
    session.flush()
    return rows


def _travel(rng: random.Random) -> tuple[TravelMode, int | None, float | None]:
    if rng.randrange(100) < catalogue.KM_LIMIT_SHARE:
        return TravelMode.CAR, None, float(rng.choice((10, 15, 20, 25)))
    habits = catalogue.TRAVEL_HABITS
    mode, _, (low, high) = rng.choices(habits, [h[1] for h in habits])[0]
    return TravelMode(mode), rng.randrange(low, high + 1, 5), None


def _add_students(session, rng, consortium, schools, count, slots) -> list[StudentProfile]:
    """The students; the first becomes the demo login's (``_fit_demo_student``)."""
    zips = geography.region_zips(COUNTIES)
    weights = [4 if "Continuation" not in s.name else 1 for s in schools]
    sectors = [kind.sector for _, kind in catalogue.EMPLOYER_KINDS]
    sector_weights = [weight for weight, _ in catalogue.EMPLOYER_KINDS]
    rows = []
    for index in range(count):
        school = rng.choices(schools, weights)[0]
        grade = rng.choices((9, 10, 11, 12), (15, 20, 35, 30))[0]  # ages 14 to 17 (a few turn 18)
        birth = REFERENCE_DAY - timedelta(days=365 * (grade + 5) + rng.randint(0, 364))
        lat, lon = geography.jitter(rng, school.lat, school.lon, rng.choice((3.0, 5.0, 8.0, 14.0)))
        mode, minutes, km = _travel(rng)
        interests = []
        while len(interests) < rng.choice((1, 2, 3, 3)):
            sector = rng.choices(sectors, sector_weights)[0]
            if sector not in interests:
                interests.append(sector)
        first, last = rng.choice(catalogue.GIVEN_NAMES), rng.choice(catalogue.FAMILY_NAMES)
        student = StudentProfile(
            consortium_id=consortium.id, school_id=school.id, external_id=f"{rng.randint(10**9, 10**10 - 1)}",
            first_name=first, last_name=last, grade=grade, date_of_birth=birth,
            pathway_code=SECTOR_BY_CODE[interests[0]].pathways[0].code,
            home_zip=geography.nearest_zip(zips, lat, lon).zip, home_lat=lat, home_lon=lon,
            travel_mode=mode, max_minutes=minutes, max_km=km,
            certifications=[code for code, share in catalogue.STUDENT_CERTIFICATIONS if rng.random() < share])
        student.interests = [StudentSectorInterest(sector_code=code, rank=rank)
                             for rank, code in enumerate(interests, start=1)]
        student.availability = [StudentAvailability(day=d, start_minute=s, end_minute=e)
                                for d, s, e in schedules.student_availability(rng)]
        rows.append(student)
    _fit_demo_student(rows[0], schools, slots)
    _make_external_ids_unique(rows)
    _languages_and_phones(rows[1:])
    session.add_all(rows)
    session.flush()
    session.add_all(_demographics(rng, rows, schools))
    return rows


def _languages_and_phones(students: list[StudentProfile]) -> None:
    """Most families of the region's students speak Spanish at home: about 55 in 100 students and 65 in 100
    families read Spanish here; every family has a (fictional, 555) phone number. Drawn from the student's id,
    not the generator, so that the rest of the demo is as before (the demo login's student keeps English)."""
    for student in students:
        number = int(student.external_id)
        student.language = "es" if number % 100 < 55 else "en"
        student.guardian_language = "es" if number % 100 < 65 else "en"
        student.phone = f"(559) 555-{number % 10_000:04d}"
        student.guardian_phone = f"(559) 555-{(number // 10_000) % 10_000:04d}"


def _make_external_ids_unique(students: list[StudentProfile]) -> None:
    seen: set[str] = set()
    for student in students:
        while student.external_id in seen:
            student.external_id = str(int(student.external_id) + 1)
        seen.add(student.external_id)


def _demographics(rng, students, schools) -> list[StudentDemographics]:
    towns = {town: size for town, _, _, size in _towns(schools)}
    town_of_school = {school.id: school.city for school in schools}
    return [StudentDemographics(
        student_id=s.id, gender=rng.choices(("female", "male", "nonbinary", None), (48, 48, 2, 2))[0],
        race_ethnicity=rng.choices(("Hispanic or Latino", "White", "Asian", "Black or African American",
                                    "American Indian or Alaska Native", "Two or more races"),
                                   (68, 18, 6, 3, 2, 3))[0],
        english_learner=rng.random() < 0.2, socioeconomically_disadvantaged=rng.random() < 0.7,
        foster_youth=rng.random() < 0.01, students_with_disabilities=rng.random() < 0.1,
        rural=towns[town_of_school[s.school_id]] <= 3) for s in students]


#: The demo login student: free every weekday after school until 19:00 and Saturday morning, by bus.
DEMO_STUDENT_AVAILABILITY = tuple((day, 15 * 60, 19 * 60) for day in range(5)) + ((5, 8 * 60, 13 * 60),)
DEMO_STUDENT_TRAVEL = (TravelMode.TRANSIT, 45)
DEMO_STUDENT_CERTIFICATIONS = ("cpr", "food-handler", "work-permit")


def _open_slots(slots: list[Slot], term_start: date) -> list[Slot]:
    return [s for s in slots if s.term_start == term_start and s.status is SlotStatus.OPEN]


def _fit_demo_student(student: StudentProfile, schools: list[School], slots: list[Slot]) -> None:
    """Give the demo login student a complete profile with several slots to rank in the open spring round.

    They go to the school with the most open spring slots within their bus ride, live near it, are free
    after school, and choose the two career areas with the most slots they could take there.
    """
    spring = _open_slots(slots, SPRING_START)
    mode, minutes = DEMO_STUDENT_TRAVEL
    reach = limit_km(None, mode.value, minutes)

    def home_near(school: School) -> tuple[float, float]:
        return round(school.lat + 0.008, 5), round(school.lon + 0.01, 5)  # about 1.3 km north-east of it

    def within_reach(school: School) -> int:
        lat, lon = home_near(school)
        return sum(1 for s in spring
                   if s.is_remote or geography.haversine_km(lat, lon, s.site_lat, s.site_lon) <= reach)

    school = max(schools, key=lambda sc: (within_reach(sc), -sc.id))
    lat, lon = home_near(school)
    student.school_id, student.school = school.id, school
    student.grade, student.date_of_birth = 11, REFERENCE_DAY - timedelta(days=365 * 16 + 120)
    student.home_lat, student.home_lon = lat, lon
    student.home_zip = geography.nearest_zip(geography.region_zips(COUNTIES), lat, lon).zip
    student.travel_mode, student.max_minutes, student.max_km = mode, minutes, None
    student.certifications = list(DEMO_STUDENT_CERTIFICATIONS)
    student.availability = [StudentAvailability(day=d, start_minute=s, end_minute=e)
                            for d, s, e in DEMO_STUDENT_AVAILABILITY]
    # Which slots they could take in any career area, by the engine's own rules.
    anything = matching.Policy(sector_rule="preferred")
    candidate = engine_student(student, on=SPRING_START, school_code=school.cds_code)
    fitting: dict[str, int] = {}
    for slot in spring:
        if not pair_failures(candidate, engine_slot(slot), anything):
            fitting[slot.sector_code] = fitting.get(slot.sector_code, 0) + 1
    sectors = sorted(fitting, key=lambda code: (-fitting[code], code))[:2] or [student.interests[0].sector_code]
    student.interests = [StudentSectorInterest(sector_code=code, rank=rank)
                         for rank, code in enumerate(sectors, start=1)]
    student.pathway_code = SECTOR_BY_CODE[sectors[0]].pathways[0].code


def _add_rounds(session: Session, consortium: Consortium, schools: list[School], slots: list[Slot]) -> MatchRound:
    """The spring after-school round, opened for ranking, and the summer round, a draft; both of every school.

    They are made by the coordinator through the rounds' own services, audit events included. The open
    round sets no ranking deadline, so that the demo stays open for ranking whatever today's date: the
    coordinator closes it. The summer round's deadlines are dates of the demo's year.
    """
    coordinator = session.scalar(sa.select(User).where(User.consortium_id == consortium.id,
                                                       User.role == Role.INTERMEDIARY).order_by(User.id))
    school_ids = [school.id for school in schools]
    spring = add_round(session, coordinator, RoundSettings(
        name=SPRING_ROUND, term_start=SPRING_START, term_end=SPRING_END, school_ids=school_ids,
        slot_ids=[slot.id for slot in _open_slots(slots, SPRING_START)], max_ranked=5))
    move_round(session, coordinator, spring, RoundState.OPEN)
    add_round(session, coordinator, RoundSettings(
        name=SUMMER_ROUND, term_start=SUMMER_START, term_end=SUMMER_END, school_ids=school_ids,
        slot_ids=[slot.id for slot in _open_slots(slots, SUMMER_START)], max_ranked=5,
        ranking_closes_at=datetime(2027, 4, 30, 17, tzinfo=timezone.utc),
        offers_expire_at=datetime(2027, 5, 14, 17, tzinfo=timezone.utc)))
    return spring


def _add_logins(session, passwords, consortium, employer, student) -> tuple[DemoLogin, ...]:
    hashed = passwords.hash(DEMO_PASSWORD)
    people = (
        (Role.ADMIN, "admin@south-valley.example.org", "Alex Morgan (administrator)", None),
        (Role.INTERMEDIARY, "coordinator@south-valley.example.org", "Rosa Delgado (coordinator)", None),
        (Role.EMPLOYER, "employer@south-valley.example.org", f"Sam Lee ({employer.name})", employer.id),
        (Role.STUDENT, "student@south-valley.example.org", student.display_name, None),
    )
    logins = []
    for role, email, name, employer_id in people:
        user = User(consortium_id=consortium.id, email=email, name=name, role=role, password_hash=hashed,
                    employer_id=employer_id, session_version=1, is_active=True)
        session.add(user)
        logins.append(DemoLogin(role, email, DEMO_PASSWORD, name))
    session.flush()
    student.user_id = session.scalar(sa.select(User.id).where(User.email == "student@south-valley.example.org"))
    return tuple(logins)


def demo_logins(session: Session) -> tuple[DemoLogin, ...]:
    """The demo consortium's logins that still exist, or an empty tuple when there is no demo data."""
    consortium_id = session.scalar(sa.select(Consortium.id).where(Consortium.slug == DEMO_SLUG))
    if consortium_id is None:
        return ()
    users = session.scalars(sa.select(User).where(User.consortium_id == consortium_id,
                                                  User.email.like("%@south-valley.example.org"))
                            .order_by(User.id)).all()
    return tuple(DemoLogin(u.role, u.email, DEMO_PASSWORD, u.name) for u in users)
