"""Hypothesis strategies for rounds in which every student and slot has a week of its own, on a grain."""

from hypothesis import strategies as st

from random_rounds import SECTORS3

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def _intervals(draw, grain: int, max_size: int):
    """Intervals on the grain (some touching or overlapping, some ending at 24:00), on random days."""
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        day = draw(st.sampled_from(DAYS[:3]))  # few days, so that intervals meet and overlap
        start = draw(st.integers(0, 1440 // grain - 1)) * grain
        start = draw(st.sampled_from([start, 15 * 60, 16 * 60 + grain]))  # often near each other
        end = min(1440, start + draw(st.integers(1, 240 // grain + 1)) * grain)
        out.append({"day": day, "start": clock(start), "end": clock(end)})
    return out


@st.composite
def varied_rounds(draw, grain: int, student_grain: int | None = None, max_students=8, max_slots=6):
    """A round whose students' availabilities (on ``student_grain``, default ``grain``) and slots' schedules
    (on ``grain``) are drawn one by one: nearly every week is distinct."""
    student_grain = student_grain or grain
    students = []
    for i in range(draw(st.integers(0, max_students))):
        s = {"id": f"s{i}", "home": {"lat": 36.3, "lon": -119.3}, "sectors": SECTORS3[:1]}
        kind = draw(st.sampled_from(["own", "own", "own", "none", "empty"]))
        if kind == "own":
            s["availability"] = draw(_intervals(student_grain, 5))
        elif kind == "empty":
            s["availability"] = []
        students.append(s)
    slots = []
    for k in range(draw(st.integers(0, max_slots))):
        j = {"id": f"j{k}", "sector": SECTORS3[0], "capacity": 1, "remote": True}
        if draw(st.integers(0, 5)) > 0:
            j["schedule"] = draw(_intervals(grain, 3))
        slots.append(j)
    return {"format": "wbl-match-round/1", "students": students, "slots": slots}
