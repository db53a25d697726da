"""Generate realistic benchmark rounds (wbl-match-round/1) in real California towns.

Students live around their school (real high schools). Slots sit where
employers are: around the real ZIP centroids of the round's region, each slot
anchored at a ZIP drawn by the ZIP's kind (a street-delivery ZIP stands for
some 25,000 residents on average, 39 M Californians over 1,583 of them, so
cities with many ZIPs get many slots; a PO-box ZIP is a small town) and spread
a few km around it. 15 sectors with uneven popularity; travel limits in km or
in minutes by mode. Two variants of the weekly hours (``--variant``): ``few``
(the default: weekday afternoons from a few dozen templates) and ``varied``
(every student's own half-hour grid and every employer's own shift, as people
fill the forms: tens of thousands of distinct weeks). The region of S/M/L is the schools nearest Fresno and the ZIPs inside
their circle; XL is the whole state.

School data: California Department of Education, School Directory (2018
snapshot), ``wbl_match/data/ca_schools_secondary_2018.csv`` (``--schools``);
ZIP centroids: ``wbl_match/data/ca_zip_centroids.csv`` (``--zips``; GeoNames
coordinates, see wbl_match/data/README.md). Write rounds to /tmp, not into the
repository::

    python bench/generate.py --size M --out /tmp/wbl-bench/M.json
    python bench/generate.py --size L --variant varied --out /tmp/wbl-bench/L-varied.json
"""

import argparse
import csv
import json
from pathlib import Path

import numpy as np

from wbl_match.matching import SECTORS

#: students, slots, schools used (nearest to the region's centre; 0 = all)
SIZES = {"S": (1_000, 300, 25), "M": (10_000, 3_000, 250), "L": (100_000, 25_000, 2_000),
         "XL": (500_000, 120_000, 0)}
CENTRE = (36.74, -119.78)  # Fresno: the Central Valley grows into the whole state
DATA = Path(__file__).resolve().parents[1] / "wbl_match" / "data"
DEFAULT_SCHOOLS = DATA / "ca_schools_secondary_2018.csv"
DEFAULT_ZIPS = DATA / "ca_zip_centroids.csv"
#: Weight of a ZIP as a slot anchor by its kind (inactive and single-organisation ZIPs: none).
ZIP_WEIGHTS = {"STANDARD": 1.0, "PO BOX": 0.25}
SLOT_SPREAD_KM = 4.0
SECTOR_WEIGHTS = np.array([4, 8, 6, 8, 9, 3, 6, 2, 14, 10, 9, 5, 10, 5, 4], dtype=float)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
KM_PER_DEG = 111.195


def _from_centre(points: np.ndarray) -> np.ndarray:
    """Approximate km from the centre (equirectangular: only used to rank and cut)."""
    return KM_PER_DEG * np.hypot(points[:, 0] - CENTRE[0],
                                 (points[:, 1] - CENTRE[1]) * np.cos(np.radians(CENTRE[0])))


def load_schools(path: Path, count: int) -> np.ndarray:
    """(lat, lon) of the ``count`` schools nearest the centre (all when 0)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [(float(r["lat"]), float(r["lon"])) for r in csv.DictReader(handle) if r["lat"] and r["lon"]]
    points = np.array(rows)
    if count:
        points = points[np.argsort(_from_centre(points), kind="stable")[:count]]
    return points


def load_zips(path: Path, schools: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) and anchor weight of the active ZIPs inside the schools' circle around the centre."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [(float(r["lat"]), float(r["lon"]), ZIP_WEIGHTS.get(r["zip_type"], 0.0))
                for r in csv.DictReader(handle) if r["active"] == "True" and r["lat"] and r["lon"]]
    table = np.array([r for r in rows if r[2] > 0 and (r[0], r[1]) != (0.0, 0.0)])
    points, weight = table[:, :2], table[:, 2]
    inside = _from_centre(points) <= _from_centre(schools).max() + SLOT_SPREAD_KM
    return points[inside], weight[inside]


def nearest_zips(schools: np.ndarray, zips: np.ndarray, k: int = 3) -> np.ndarray:
    """Indexes of the ``k`` ZIP centroids nearest each school (equirectangular), shape (schools, k)."""
    out = np.zeros((len(schools), k), dtype=np.int64)
    cos = np.cos(np.radians(schools[:, 0]))
    for first in range(0, len(schools), 512):
        part = slice(first, first + 512)
        d = np.hypot(schools[part, None, 0] - zips[None, :, 0],
                     (schools[part, None, 1] - zips[None, :, 1]) * cos[part, None])
        out[part] = np.argsort(d, axis=1, kind="stable")[:, :k]
    return out


def around(rng, centres: np.ndarray, km: float) -> np.ndarray:
    """Points scattered around the centres (normal, ``km`` standard deviation)."""
    offset = rng.normal(0, km, centres.shape) / KM_PER_DEG
    offset[:, 1] /= np.cos(np.radians(centres[:, 0]))
    return np.round(centres + offset, 5)


def interval(day: str, start: int, end: int) -> dict:
    """An interval dict from whole hours."""
    return {"day": day, "start": f"{start:02d}:00", "end": f"{end:02d}:00"}


def few_availability(rng) -> list:
    """Few-pattern variant: 15:00–19:00 on two to five weekdays (26 patterns)."""
    days = rng.choice(WEEKDAYS, size=rng.integers(2, 6), replace=False)
    return [interval(str(d), 15, 19) for d in sorted(days)]


def few_schedule(rng) -> list:
    """Few-pattern variant: two hours from 15:00 or 16:00 on one to three weekdays."""
    days = rng.choice(WEEKDAYS, size=rng.integers(1, 4), replace=False)
    start = int(rng.integers(15, 17))
    return [interval(str(d), start, start + 2) for d in sorted(days)]


def clock(minutes: int) -> str:
    """``HH:MM`` from minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def varied_availability(rng) -> list | None:
    """Varied variant: the student's own half-hour grid, the way people fill the form.

    A few give none (available at any time); most mark school-day afternoons, each day with its own
    start and end on the half hour; some mark summer days (from the morning); some add Saturday
    (and rarely Sunday); some split a day in two.
    """
    if rng.random() < 0.03:
        return None
    summer = rng.random() < 0.15
    days = sorted(rng.choice(5, size=rng.choice([1, 2, 3, 4, 5], p=[0.05, 0.1, 0.25, 0.25, 0.35]),
                             replace=False).tolist())
    out = []
    usual = int(rng.integers(28, 33)) * 30  # 14:00 … 16:00
    for d in days:
        if summer:
            start = int(rng.integers(14, 21)) * 30  # 07:00 … 10:00
            end = min(start + int(rng.integers(12, 23)) * 30, 21 * 60)
        else:
            start = usual if rng.random() < 0.7 else int(rng.integers(28, 33)) * 30
            end = min(start + int(rng.integers(7, 15)) * 30, 21 * 60)
        if rng.random() < 0.05 and end - start >= 180:  # a break in the middle of the day
            cut = start + int(rng.integers(1, (end - start) // 30 - 1)) * 30
            out += [{"day": WEEKDAYS[d], "start": clock(start), "end": clock(cut)},
                    {"day": WEEKDAYS[d], "start": clock(cut + 30), "end": clock(end)}]
        else:
            out.append({"day": WEEKDAYS[d], "start": clock(start), "end": clock(end)})
    for day, p in (("sat", 0.25), ("sun", 0.05)):
        if rng.random() < p:
            start = int(rng.integers(16, 25)) * 30  # 08:00 … 12:00
            out.append({"day": day, "start": clock(start), "end": clock(start + int(rng.integers(6, 17)) * 30)})
    return out


def varied_schedule(rng) -> list | None:
    """Varied variant: the employer's own shift, 1–5 hours on one to five days.

    Starts and ends on the half hour, some on the quarter hour; afternoons after school for most, day
    shifts (summer) for some, Saturdays for some; a few slots have flexible hours (no schedule).
    """
    if rng.random() < 0.04:
        return None
    length = int(rng.choice(np.arange(2, 11), p=[0.2, 0.15, 0.25, 0.1, 0.1, 0.05, 0.07, 0.03, 0.05])) * 30
    if rng.random() < 0.15:  # a day shift, for summer students
        start = int(rng.integers(16, 27)) * 30  # 08:00 … 13:00
    else:
        start = int(rng.integers(30, 36)) * 30  # 15:00 … 17:30
    if rng.random() < 0.15:
        start += 15
    if rng.random() < 0.1:
        length -= 15
    start = min(start, 21 * 60 - length)
    n_days = int(rng.choice([1, 2, 3, 4, 5], p=[0.45, 0.3, 0.15, 0.07, 0.03]))
    days = [WEEKDAYS[d] for d in sorted(rng.choice(5, size=n_days, replace=False).tolist())]
    if rng.random() < 0.15:
        days = days[: max(1, len(days) - 1)] + ["sat"]
    return [{"day": d, "start": clock(start), "end": clock(start + length)} for d in days]


#: Variants: (student availability, slot schedule).
VARIANTS = {"few": (few_availability, few_schedule), "varied": (varied_availability, varied_schedule)}


def student_travel(rng) -> dict:
    """Half give km, the rest minutes by a mode (bus and car most often)."""
    if rng.random() < 0.5:
        return {"max_km": float(rng.choice([5, 8, 10, 12, 15]))}
    mode = rng.choice(["walk", "bike", "transit", "car", "school_bus"], p=[0.1, 0.15, 0.35, 0.25, 0.15])
    minutes = {"walk": 25, "bike": 30, "transit": 45, "car": 25, "school_bus": 35}[mode]
    return {"mode": str(mode), "max_minutes": int(minutes + rng.integers(-5, 11))}


def make_students(rng, n: int, schools: np.ndarray, slot_by_school: dict, week=None) -> list:
    """Students around their schools, with sectors, hours, certificates and a few choices.

    ``slot_by_school``: the slot ids near each school, from which a student picks its choices;
    ``week(rng)``: a student's availability (None: not given), ``few_availability`` by default.
    """
    week = week or few_availability
    school = rng.integers(0, len(schools), n)
    home = around(rng, schools[school], 3.0)
    grade = rng.integers(9, 13, n)
    out = []
    for i in range(n):
        sectors = rng.choice(15, size=rng.integers(1, 3), replace=False, p=SECTOR_WEIGHTS / SECTOR_WEIGHTS.sum())
        availability = week(rng)
        local = slot_by_school.get(int(school[i]), [])
        student = {"id": f"s{i:07d}", "school": f"school-{school[i]}", "grade": int(grade[i]),
                   "age": int(grade[i] + 5 + rng.integers(0, 2)),
                   "home": {"lat": float(home[i, 0]), "lon": float(home[i, 1])},
                   "travel": student_travel(rng), "sectors": [SECTORS[k] for k in sectors],
                   **({} if availability is None else {"availability": availability}),
                   "certifications": [c for c, p in (("cpr", 0.3), ("food_handler", 0.2)) if rng.random() < p],
                   "preferences": [local[k] for k in rng.permutation(len(local))[: rng.integers(0, 4)]]}
        out.append(student)
    return out


def make_slots(rng, m: int, zips: np.ndarray, weight: np.ndarray, shifts=None) -> tuple[list, dict]:
    """Slots around ZIP centroids drawn by weight; returns them and the slot ids per ZIP.

    ``shifts(rng)``: a slot's schedule (None: flexible hours), ``few_schedule`` by default.
    """
    shifts = shifts or few_schedule
    anchor = rng.choice(len(zips), size=m, p=weight / weight.sum())
    site = around(rng, zips[anchor], SLOT_SPREAD_KM)
    sector = rng.choice(15, size=m, p=SECTOR_WEIGHTS / SECTOR_WEIGHTS.sum())
    slots, by_zip = [], {}
    for k in range(m):
        schedule = shifts(rng)
        slot = {"id": f"j{k:06d}", "employer": f"e{k // 3:06d}", "sector": SECTORS[sector[k]],
                "capacity": int(rng.choice([1, 2, 3, 4], p=[0.4, 0.3, 0.2, 0.1]))}
        if schedule is not None:
            slot["schedule"] = schedule
        if rng.random() < 0.03:
            slot["remote"] = True
        else:
            slot["site"] = {"lat": float(site[k, 0]), "lon": float(site[k, 1])}
        if rng.random() < 0.3:
            slot["min_grade"] = 11
        if rng.random() < 0.2:
            slot["min_age"] = 16
        if sector[k] == 8 and rng.random() < 0.5:
            slot["requires"] = ["cpr"]
        slots.append(slot)
        by_zip.setdefault(int(anchor[k]), []).append(slot["id"])
    return slots, by_zip


def generate(size: str, schools_path: Path = DEFAULT_SCHOOLS, seed: int = 2027,
             zips_path: Path = DEFAULT_ZIPS, variant: str = "few") -> dict:
    """A whole round of the given size and variant (``VARIANTS``), deterministic for a seed."""
    week, shifts = VARIANTS[variant]
    n, m, n_schools = SIZES[size]
    rng = np.random.default_rng(seed)
    schools = load_schools(schools_path, n_schools)
    zips, weight = load_zips(zips_path, schools)
    slots, by_zip = make_slots(rng, m, zips, weight, shifts)
    by_school = {i: [x for z in near for x in by_zip.get(int(z), [])]
                 for i, near in enumerate(nearest_zips(schools, zips))}
    students = make_students(rng, n, schools, by_school, week)
    return {"format": "wbl-match-round/1", "name": f"Benchmark {size}" + ("" if variant == "few" else f" ({variant})"),
            "policy": {"mechanism": "optimal", "sector_rule": "required", "only_ranked": False},
            "students": students, "slots": slots}


def main() -> None:
    """Command line: --size, --variant, --out, --schools, --zips, --seed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(SIZES), required=True)
    parser.add_argument("--variant", choices=list(VARIANTS), default="few",
                        help="few: a few weekly patterns; varied: every student's and slot's own week")
    parser.add_argument("--out", required=True)
    parser.add_argument("--schools", type=Path, default=DEFAULT_SCHOOLS)
    parser.add_argument("--zips", type=Path, default=DEFAULT_ZIPS)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(generate(args.size, args.schools, args.seed, args.zips, args.variant), handle, separators=(",", ":"))


if __name__ == "__main__":
    main()
