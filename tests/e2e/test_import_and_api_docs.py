"""The import preview and the API docs in a real browser: they work under the CSP, at phone and desktop widths."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wbl_match.passwords import get_passwords
from wbl_match.services.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import DESKTOP, PHONE, screenshot, sign_in


@pytest.fixture
def demo(app, session):
    return seed_demo(session, get_passwords(app), seed=3, students=60, employers=10, slots=20)


def _roster(demo_session) -> bytes:
    from wbl_match.models import School

    school = demo_session.query(School).order_by(School.cds_code).first()
    return (f"SSID,School code,Given name,Family name,Grade level,ZIP,Free after school,Counselor\n"
            f"7000000001,{school.cds_code},Ana,Ruiz,11,93291,Mon 15:00-18:00; Wed 15:00-18:00,Ms. Park\n"
            f"7000000002,{school.cds_code},Ben,Ortiz,14,93291,Mon 3-6pm,Ms. Park\n").encode()


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_intermediary_uploads_maps_columns_and_sees_every_problem(page, demo, session, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, "coordinator@south-valley.example.org", DEMO_PASSWORD)
    page.goto("/intermediary/imports")
    page.get_by_label("What the file holds").select_option("students")
    page.get_by_label("CSV or XLSX file").set_input_files(
        {"name": "roster.csv", "mimeType": "text/csv", "buffer": _roster(session)})
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url("**/intermediary/imports/*")
    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    page.get_by_label("Free after school").select_option("availability")
    screenshot(page, f"import-preview-{viewport['width']}")
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_selector("#import-status")
    text = page.locator("#import-status").inner_text()
    assert "Nothing was saved" in text and "Grade must be from 9 to 12" in text and "Mon 3-6pm" in text
    screenshot(page, f"import-problems-{viewport['width']}")


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_api_docs_render_from_vendored_files_without_csp_violations(page, viewport):
    page.set_viewport_size(viewport)
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock-tag", timeout=15_000)
    assert page.locator(".opblock-tag").count() >= 6
    page.locator(".opblock-summary").first.click()
    screenshot(page, f"api-docs-{viewport['width']}")
