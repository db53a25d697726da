"""Hypothesis strategies: random rounds with work-hour limits (rule 7) and pathways (rule 8)."""

from hypothesis import strategies as st

from random_rounds import rounds

#: Schedules of several lengths, days and hours: school days, Friday and Saturday evenings, early mornings,
#: touching intervals (merged), long vacation days, a quarter-hour boundary.
SCHEDULES = [
    None,
    [{"day": "tue", "start": "15:00", "end": "19:00"}],
    [{"day": "mon", "start": "15:30", "end": "18:30"}],
    [{"day": "wed", "start": "15:00", "end": "16:30"}, {"day": "wed", "start": "16:30", "end": "18:15"}],
    [{"day": "fri", "start": "17:00", "end": "23:00"}],
    [{"day": "sat", "start": "09:00", "end": "17:30"}],
    [{"day": "sun", "start": "06:00", "end": "10:00"}],
    [{"day": d, "start": "08:00", "end": "16:00"} for d in ("mon", "tue", "wed", "thu", "fri")],
    [{"day": d, "start": "15:00", "end": "18:00"} for d in ("mon", "tue", "wed", "thu", "fri")]
    + [{"day": "sat", "start": "10:00", "end": "14:00"}],
    [{"day": "thu", "start": "19:30", "end": "21:45"}],
]
PATHWAYS = ["nursing", "dental", "fire"]
TIMES = [None, "05:00", "07:00", "19:00", "21:00", "22:00", "24:00"]


@st.composite
def bands(draw):
    """One to three age bands, every field optional."""
    out = []
    for max_age in sorted(draw(st.lists(st.integers(13, 18), min_size=1, max_size=3))):
        band = {"max_age": max_age}
        for key, values in (("school_day_hours", [2, 3, 3.5, 4]), ("other_day_hours", [4, 8, 8.5]),
                            ("school_week_hours", [10, 18, 28]), ("vacation_week_hours", [20, 40, 48])):
            if draw(st.booleans()):
                band[key] = draw(st.sampled_from(values))
        for key in ("earliest", "latest", "latest_before_other_day"):
            value = draw(st.sampled_from(TIMES))
            if value is not None and not (key == "earliest" and value == "24:00"):
                band[key] = value
        out.append(band)
    return out


@st.composite
def rounds_with_limits(draw, max_students=6, max_slots=4, mechanism="optimal"):
    """A random round whose policy sets rules 7 and 8, with ages, pathways and schedules to test them."""
    data = draw(rounds(max_students, max_slots, mechanism))
    policy = data["policy"]
    policy["term"] = draw(st.sampled_from(["school", "vacation"]))
    if draw(st.integers(0, 4)):
        policy["work_limits"] = draw(bands())
    if draw(st.booleans()):
        policy["max_week_hours"] = draw(st.sampled_from([6, 15, 40]))
    policy["pathway_rule"] = draw(st.sampled_from(["off", "preferred", "required"]))
    for student in data["students"]:
        if (age := draw(st.sampled_from([None, 14, 15, 16, 17, 19]))) is not None:
            student["age"] = age
        if draw(st.booleans()):
            student["pathway"] = draw(st.sampled_from(PATHWAYS))
        if draw(st.booleans()):
            student.pop("availability", None)  # free at any time: the limits decide
    if draw(st.booleans()):
        _only_the_limits_decide(data)
    for slot in data["slots"]:
        slot.pop("schedule", None)
        if (schedule := draw(st.sampled_from(SCHEDULES))) is not None:
            slot["schedule"] = schedule
        slot["pathways"] = draw(st.lists(st.sampled_from(PATHWAYS), unique=True, max_size=2))
    return data


def _only_the_limits_decide(data: dict) -> None:
    """Lift the other rules (any sector, any distance, any time, no requirements), so that rules 7 and 8 decide."""
    data["policy"]["sector_rule"] = "preferred"
    for student in data["students"]:
        student.pop("travel", None)
        student.pop("availability", None)
    for slot in data["slots"]:
        slot.pop("min_grade", None)
        slot["requires"] = []
