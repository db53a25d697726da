"""Exports of a round: placements and unplaced students (CSV, XLSX), and the round and result files (JSON)."""
from __future__ import annotations

import json

from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, SolveRun
from wbl_match.services.rounds.review import Review, active_placements, latest_solve, round_review
from wbl_match.services.bulk.spreadsheets import csv_bytes, xlsx_bytes
from wbl_match.services.errors import Refusal

PLACEMENT_HEADER = ("student_external_id", "first_name", "last_name", "school", "grade", "slot_id", "slot",
                    "employer", "sector", "city", "distance_km", "status", "pinned", "expires_at")
UNPLACED_HEADER = ("student_external_id", "first_name", "last_name", "school", "grade", "reasons", "what_if")
#: What ``export_round`` can produce: kind -> (file suffix, MIME type).
EXPORTS = {
    "placements.csv": "text/csv; charset=utf-8",
    "unplaced.csv": "text/csv; charset=utf-8",
    "round.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "round.json": "application/json",
    "result.json": "application/json",
}


class ExportError(Refusal):
    """The export cannot be made (e.g. the round was never solved): a 409."""


def placement_rows(session: Session, match_round: MatchRound, review: Review | None = None) -> list[list]:
    """One row per placement holding a place, in ``PLACEMENT_HEADER`` order."""
    review = review or round_review(session, match_round)
    rows = []
    for p in review.placements or active_placements(session, match_round.id):
        distance = review.distance_of.get(p.id)
        rows.append([p.student.external_id, p.student.first_name, p.student.last_name, p.student.school.name,
                     p.student.grade, p.slot_id, p.slot.title, p.slot.employer.name, p.slot.sector_code,
                     p.slot.site_city or ("remote" if p.slot.is_remote else ""),
                     None if distance is None else round(distance, 1), p.status.value, p.pinned,
                     p.expires_at.isoformat() if p.expires_at else None])
    return rows


def unplaced_rows(session: Session, match_round: MatchRound, review: Review | None = None) -> list[list]:
    """One row per unplaced student of the latest solve, with the engine's reasons and what-if."""
    review = review or round_review(session, match_round)
    return [[s.external_id, s.first_name, s.last_name, s.school.name, s.grade,
             "; ".join(r["message"] for r in entry.get("reasons", [])),
             (entry.get("what_if") or {}).get("message")] for s, entry in review.unplaced]


def export_round(session: Session, match_round: MatchRound, kind: str, solve: SolveRun | None = None) -> bytes:
    """The bytes of one export of the round (``kind`` is a key of ``EXPORTS``)."""
    if kind not in EXPORTS:
        raise ExportError(f"Unknown export '{kind}'.")
    if kind in ("round.json", "result.json"):
        solve = solve or latest_solve(session, match_round.id)
        if solve is None:
            raise ExportError("This round has not been solved yet.")
        document = solve.round_file if kind == "round.json" else solve.result
        return json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8")
    if kind == "placements.csv":
        return csv_bytes(PLACEMENT_HEADER, placement_rows(session, match_round))
    if kind == "unplaced.csv":
        return csv_bytes(UNPLACED_HEADER, unplaced_rows(session, match_round))
    review = round_review(session, match_round)
    return xlsx_bytes([("Placements", PLACEMENT_HEADER, placement_rows(session, match_round, review)),
                       ("Unplaced", UNPLACED_HEADER, unplaced_rows(session, match_round, review))])


def export_filename(match_round: MatchRound, kind: str) -> str:
    """A safe download name, e.g. ``round-12-placements.csv``."""
    return f"round-{match_round.id}-{kind}"
