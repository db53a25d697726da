"""Bulk import: every template imports; every bad input is reported with row and column and nothing is
written; re-importing updates by external id; the demo data round-trips through export and import."""
from __future__ import annotations

import io
import zipfile

import pytest

from wbl_match.models import Employer, ImportStatus, Role, Slot, SlotStatus, StudentProfile
from wbl_match.passwords import get_passwords
from wbl_match.services.bulk.exporting import export, template
from wbl_match.services.bulk.importing import choose_mapping, read_import, run_import, start_import
from wbl_match.services.bulk.readers import FileProblem, read_table
from wbl_match.services.demo import seed_demo

STUDENT_HEADER = "Student ID,School,First name,Last name,Grade,Home ZIP,Sectors,Availability\n"


@pytest.fixture
def staff(make_user):
    return make_user(Role.INTERMEDIARY)


@pytest.fixture
def do_import(session, staff):
    """Upload, accept the suggested mapping, run; returns the finished job."""

    def run(kind: str, data: bytes | str, user=None):
        user = user or staff
        job = start_import(session, user, kind, f"{kind}.csv", data.encode() if isinstance(data, str) else data)
        job = read_import(session, job.id)  # the background job reads the file once
        assert choose_mapping(session, user, job, list(job.mapping)) == []
        return run_import(session, job.id)

    return run


def _problems(job):
    return {(p["row"], p["column"]) for p in job.problems}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_template_imports_with_its_example_row(do_import, make_school, session, file_format):
    make_school(cds_code="54722315430010")
    for kind in ("employers", "slots", "students"):
        job = do_import(kind, template(kind, file_format))
        assert job.status is ImportStatus.SUCCEEDED, (kind, job.problems)
        assert job.created_count == 1
    assert session.query(Slot).one().status is SlotStatus.DRAFT
    student = session.query(StudentProfile).one()
    assert [i.sector_code for i in student.interests] == ["health-science-medical-technology", "business-finance"]
    assert student.home_lat is not None  # placed at its ZIP code's centre


def test_header_variants_are_recognised(make_school, session, staff):
    school = make_school()
    data = f"SSID,cds code,First,Surname,grade_level,zip\nS1,{school.cds_code},Ana,Ruiz,10,93291\n"
    job = start_import(session, staff, "students", "sis.csv", data.encode())
    job = read_import(session, job.id)  # the background job reads the file once
    assert job.mapping == ["student_id", "school", "first_name", "last_name", "grade", "home_zip"]


def test_every_bad_row_is_reported_with_row_and_column_and_nothing_is_written(do_import, make_school, session):
    school = make_school()
    rows = [
        f"A1,{school.cds_code},Ana,Ruiz,11,9329X,,Mon 15:00-18:00",        # bad ZIP
        "A2,00000000000000,Ben,Ortiz,11,93291,,",                          # unknown school
        f"A3,{school.cds_code},Cy,Diaz,13,93291,,",                        # grade out of range
        f"A4,{school.cds_code},Di,Lee,11,93291,,Mon 3-6pm",                 # malformed schedule
        f"A1,{school.cds_code},Ed,Kim,11,93291,,",                          # duplicate id
        f"A6,{school.cds_code},,Lim,11,93291,,",                            # missing required field
        f"A7,{school.cds_code},Fe,Ng,11,93291,not-a-sector,",               # unknown sector
    ]
    job = do_import("students", STUDENT_HEADER + "\n".join(rows) + "\n")
    assert job.status is ImportStatus.INVALID
    assert _problems(job) == {(2, "Home ZIP"), (3, "School"), (4, "Grade"), (5, "Availability"), (6, "Student ID"),
                              (7, "First name"), (8, "Sectors")}
    assert all(p["message"] for p in job.problems)
    assert session.query(StudentProfile).count() == 0
    assert job.content is None


def test_reimporting_updates_by_external_id_and_counts_what_changed(do_import, make_school, session):
    school = make_school()
    first = STUDENT_HEADER + f"B1,{school.cds_code},Ana,Ruiz,11,93291,,\nB2,{school.cds_code},Ben,Ortiz,10,93291,,\n"
    assert do_import("students", first).created_count == 2
    second = do_import("students", first.replace("Ben,Ortiz,10", "Ben,Ortiz,11")
                       + f"B3,{school.cds_code},Cy,Diaz,12,93291,,\n")
    assert (second.created_count, second.updated_count, second.unchanged_count) == (1, 1, 1)
    assert session.query(StudentProfile).count() == 3


def test_a_required_column_left_unmapped_is_refused_before_anything_runs(make_school, session, staff):
    job = start_import(session, staff, "students", "x.csv", b"Student ID,Whatever\nS1,x\n")
    job = read_import(session, job.id)  # the background job reads the file once
    problems = choose_mapping(session, staff, job, ["student_id", None])
    assert any("School" in p for p in problems)
    assert job.status is ImportStatus.UPLOADED


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"%PDF-1.7 \x00\x01binary", "not a CSV or XLSX"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
    (b"PK\x03\x04garbage", "cannot be opened"),
])
def test_files_that_are_not_csv_or_xlsx_are_refused_by_content(data, message):
    with pytest.raises(FileProblem, match=message):
        read_table(data)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(FileProblem, match="not an Excel workbook"):
        read_table(buffer.getvalue())


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(monkeypatch):
    from wbl_match.services.bulk import readers

    monkeypatch.setattr(readers, "MAX_XLSX_UNZIPPED_BYTES", 1000)
    with pytest.raises(FileProblem, match="unpacks to"):
        read_table(template("students", "xlsx"))


def test_too_large_and_too_long_files_are_refused(monkeypatch):
    from wbl_match.services.bulk import readers

    with pytest.raises(FileProblem, match="rows"):
        read_table(b"a\n" + b"1\n" * 20, max_rows=10)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 10)
    with pytest.raises(FileProblem, match="limit is"):
        read_table(b"a,b\n1,2\n3,4\n")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_demo_roster_employers_and_slots_round_trip_unchanged(app, session, do_import, file_format):
    demo = seed_demo(session, get_passwords(app), seed=11, students=150, employers=15, slots=40)
    from wbl_match.models import User

    user = session.query(User).filter_by(consortium_id=demo.consortium.id, role=Role.INTERMEDIARY).one()
    counts = {}
    for kind in ("employers", "slots", "students"):
        data = export(session, demo.consortium.id, kind, file_format)
        job = do_import(kind, data, user=user)
        assert job.status is ImportStatus.SUCCEEDED, job.problems[:5]
        counts[kind] = (job.created_count, job.updated_count, job.unchanged_count)
    assert counts == {"employers": (0, 0, 15), "slots": (0, 0, 40), "students": (0, 0, 150)}
    assert session.query(Employer).filter_by(consortium_id=demo.consortium.id).count() == 15


def test_certifications_are_checked_by_the_shared_rule_and_stored_in_the_normal_form(do_import, make_school,
                                                                                     session):
    school = make_school()
    header = STUDENT_HEADER.replace("\n", ",Certifications\n")
    row = f'C1,{school.cds_code},Ana,Ruiz,11,93291,,,"  CPR ; Lifeguard (Red Cross),first aid"\n'
    bad = f'C2,{school.cds_code},Ben,Ortiz,11,93291,,,"cpr; A1 @ 50%"\n'
    job = do_import("students", header + row + bad)
    assert job.status is ImportStatus.INVALID
    assert [(p["row"], p["column"]) for p in job.problems] == [(3, "Certifications")]
    assert "“A1 @ 50%” cannot contain “@” or “%”" in job.problems[0]["message"]
    assert session.query(StudentProfile).count() == 0
    assert do_import("students", header + row).status is ImportStatus.SUCCEEDED
    assert session.query(StudentProfile).one().certifications == ["Lifeguard (Red Cross)", "cpr", "first-aid"]


def test_a_slot_row_lists_further_pathways_by_code_or_name_and_a_wrong_one_is_reported(do_import, session):
    employers = "Employer ID,Name\nEMP-1,Kaweah Clinic\n"
    assert do_import("employers", employers).status is ImportStatus.SUCCEEDED
    header = "Slot ID,Employer ID,Title,Sector,Pathway,Also for pathways,Site ZIP,Capacity\n"
    row = "SL-1,EMP-1,Aide,health-science-medical-technology,patient-care,Biotechnology; mental-and-behavioral-health,93291,1\n"
    job = do_import("slots", header + row)
    assert job.status is ImportStatus.SUCCEEDED, job.problems
    assert session.query(Slot).one().extra_pathway_codes == ["biotechnology", "mental-and-behavioral-health"]
    wrong = do_import("slots", header + row.replace("Biotechnology", "Agriscience").replace("SL-1", "SL-2"))
    assert wrong.status is ImportStatus.INVALID
    assert [(p["row"], p["column"]) for p in wrong.problems] == [(2, "Also for pathways")]
    assert "'agriscience' is not a pathway of the slot's sector." in wrong.problems[0]["message"]


def test_export_everything_holds_slots_posted_in_the_portal_and_employers_made_by_invitation(
        session, staff, do_import):
    from wbl_match.services.accounts.invitations import InvitationRequest, create_invitation
    from wbl_match.services.employers import slots as slot_service
    from tests.services.test_slots import valid

    invited = create_invitation(session, staff, InvitationRequest(Role.EMPLOYER, "boss@example.org",
                                                                  new_employer_name="Portal Farms"),
                                lambda token: f"https://x/{token}").invitation
    employer = session.get(Employer, invited.employer_id)
    posted = slot_service.post_slot(session, staff, employer, valid(title="Posted in the portal"))
    assert (employer.external_id, posted.external_id) == (f"employer-{employer.id}", f"slot-{posted.id}")
    employers_file = export(session, staff.consortium_id, "employers", "csv").decode("utf-8-sig")
    slots_file = export(session, staff.consortium_id, "slots", "csv").decode("utf-8-sig")
    assert "Portal Farms" in employers_file and "Posted in the portal" in slots_file
    for kind, data in (("employers", employers_file), ("slots", slots_file)):
        job = do_import(kind, data)
        assert job.status is ImportStatus.SUCCEEDED, job.problems[:5]
        assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 1)
