"""Hypothesis strategies for small random rounds, and a brute-force reference solver."""

from hypothesis import strategies as st

from wbl_match.matching.costs import derived_cost
from wbl_match.matching.rules import distance_km, pair_failures

SECTORS3 = ["health-science-medical-technology", "public-services", "transportation"]
WINDOWS = [None, [], [{"day": "mon", "start": "15:00", "end": "17:00"}],
           [{"day": "mon", "start": "14:00", "end": "16:00"}, {"day": "mon", "start": "16:00", "end": "19:00"},
            {"day": "wed", "start": "15:00", "end": "18:00"}]]
SCHEDULES = [None, [{"day": "mon", "start": "15:30", "end": "16:30"}],
             [{"day": "mon", "start": "15:00", "end": "18:00"}], [{"day": "wed", "start": "16:00", "end": "17:00"}]]


@st.composite
def rounds(draw, max_students=6, max_slots=4, mechanism="optimal"):
    """A random valid round dict within a few km of one town."""
    n = draw(st.integers(0, max_students))
    m = draw(st.integers(0, max_slots))
    slot_ids = [f"j{k}" for k in range(m)]
    student_ids = [f"s{i}" for i in range(n)]
    students = [draw(_student(sid, slot_ids, mechanism)) for sid in student_ids]
    slots = [draw(_slot(jid, student_ids, mechanism)) for jid in slot_ids]
    pairs = [(s, j) for s in student_ids for j in slot_ids]
    policy = {"mechanism": mechanism, "sector_rule": draw(st.sampled_from(["required", "preferred"])),
              "only_ranked": draw(st.booleans()) if mechanism == "optimal" else False}
    data = {"format": "wbl-match-round/1", "policy": policy, "students": students, "slots": slots}
    if pairs:
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=4))
        data["exclusions"] = [{"student": s, "slot": j} for s, j in chosen[:2]]
        if mechanism == "optimal":
            data["costs"] = [{"student": s, "slot": j, "cost": draw(st.integers(0, 400))} for s, j in chosen[2:]]
    return data


def _point(draw):
    return {"lat": 36.3 + draw(st.integers(-10, 10)) * 0.02, "lon": -119.3 + draw(st.integers(-10, 10)) * 0.02}


@st.composite
def _student(draw, sid, slot_ids, mechanism):
    out = {"id": sid, "home": _point(draw),
           "sectors": draw(st.lists(st.sampled_from(SECTORS3), unique=True, min_size=1, max_size=2))}
    travel = draw(st.sampled_from([None, {"max_km": 3.0}, {"max_km": 8.0}, {"mode": "bike", "max_minutes": 20}]))
    if travel:
        out["travel"] = travel
    if (window := draw(st.sampled_from(WINDOWS))) is not None:
        out["availability"] = window
    out["grade"] = draw(st.sampled_from([9, 11, 12]))
    out["certifications"] = draw(st.lists(st.sampled_from(["cpr", "food"]), unique=True))
    if slot_ids and (mechanism == "stable" or draw(st.booleans())):
        out["preferences"] = draw(st.permutations(slot_ids).map(lambda p: p[: draw(st.integers(0, len(p)))]))
    elif mechanism == "stable":
        out["preferences"] = []
    return out


@st.composite
def _slot(draw, jid, student_ids, mechanism):
    out = {"id": jid, "sector": draw(st.sampled_from(SECTORS3)), "capacity": draw(st.integers(1, 2))}
    if draw(st.integers(0, 4)) == 0:
        out["remote"] = True
    else:
        out["site"] = _point(draw)
    if (schedule := draw(st.sampled_from(SCHEDULES))) is not None:
        out["schedule"] = schedule
    if draw(st.booleans()):
        out["min_grade"] = 11
    out["requires"] = draw(st.lists(st.sampled_from(["cpr", "food"]), unique=True, max_size=1))
    if mechanism == "stable":
        out["ranking"] = draw(st.permutations(student_ids).map(lambda p: p[: draw(st.integers(0, len(p)))]))
    return out


def reference_pairs(round_) -> dict:
    """Feasible pairs and their costs, from the plain-Python rules: {(student, slot): cost}."""
    excluded = {(p.student, p.slot) for p in round_.exclusions}
    listed = {(c.student, c.slot): c.cost for c in round_.costs}
    out = {}
    for s in round_.students:
        for j in round_.slots:
            if not pair_failures(s, j, round_.policy, (s.id, j.id) in excluded):
                out[(s.id, j.id)] = listed.get((s.id, j.id), derived_cost(s, j, distance_km(s, j), round_.policy))
    return out


def brute_force(round_) -> tuple[int, int]:
    """(most placed, least cost) by trying every assignment."""
    pairs = reference_pairs(round_)
    capacity = {j.id: j.capacity for j in round_.slots}
    options = [[None] + [j for (s2, j) in pairs if s2 == s.id] for s in round_.students]
    best = (0, 0)

    def walk(i, placed, cost):
        nonlocal best
        if i == len(options):
            best = max(best, (placed, -cost))
            return
        for j in options[i]:
            if j is None:
                walk(i + 1, placed, cost)
            elif capacity[j] > 0:
                capacity[j] -= 1
                walk(i + 1, placed + 1, cost + pairs[(round_.students[i].id, j)])
                capacity[j] += 1

    walk(0, 0, 0)
    return best[0], -best[1]
