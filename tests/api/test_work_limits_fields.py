"""The round's limits and pathway settings and the slots' further pathways, through the API."""
from __future__ import annotations


def test_a_round_keeps_its_limits_term_cap_and_pathway_rule(client, bearer):
    headers = bearer()
    body = {"name": "Spring", "apply_work_limits": False, "term_kind": "vacation", "max_week_hours": 12.5,
            "pathway_rule": "required"}
    created = client.post("/api/v1/rounds/", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    values = created.get_json()
    assert {k: values[k] for k in body} == body
    default = client.post("/api/v1/rounds/", json={"name": "Other"}, headers=headers).get_json()
    assert (default["apply_work_limits"], default["term_kind"], default["max_week_hours"], default["pathway_rule"]) \
        == (True, "auto", None, "off")


def test_bad_limits_settings_are_a_422_naming_the_field(client, bearer):
    for field, value in (("term_kind", "summer"), ("max_week_hours", 0), ("max_week_hours", 200),
                         ("pathway_rule", "maybe")):
        response = client.post("/api/v1/rounds/", json={"name": "R", field: value}, headers=bearer())
        assert response.status_code == 422, (field, value)
        assert field in response.get_json()["errors"]["json"]


def test_a_slot_lists_further_pathways_of_its_sector(client, bearer, make_employer):
    body = {"employer_id": make_employer().id, "title": "Clinic aide", "sector_code": "health-science-medical-technology",
            "pathway_code": "patient-care", "extra_pathway_codes": ["biotechnology"], "capacity": 1,
            "site_lat": 36.3, "site_lon": -119.3}
    response = client.post("/api/v1/slots/", json=body, headers=bearer())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["extra_pathway_codes"] == ["biotechnology"]
    wrong = client.post("/api/v1/slots/", json={**body, "extra_pathway_codes": ["agriscience"]}, headers=bearer())
    assert wrong.status_code == 422
    assert "extra_pathway_codes" in str(wrong.get_json()["errors"])
