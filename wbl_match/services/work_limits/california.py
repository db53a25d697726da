"""California's limits on the hours of minors aged 14–17, as we read the law (cited in docs/work-limits.md).

Ages 14–15 (Labor Code 1391(a)(1)–(2), Education Code 49116(a)): while school is in session at most 3 hours
on a school day, 18 hours a week, not during school hours; never more than 8 hours a day or 40 a week; only
between 7 a.m. and 7 p.m., until 9 p.m. from June 1 through Labor Day. Ages 16–17 (Labor Code 1391(a)(3)–(4),
Education Code 49116(b)): at most 4 hours on a school day while school is in session, never more than 8 a day
or 48 a week; between 5 a.m. and 10 p.m. before a school day, until 12:30 a.m. before a day without school
(the round file's clock stops at 24:00, so we stop at midnight). Students of 18 and over have no band.
"""
from __future__ import annotations

#: The table in the round file's ``work_limits`` form.
CALIFORNIA_BANDS = (
    {"max_age": 15, "school_day_hours": 3, "other_day_hours": 8, "school_week_hours": 18,
     "vacation_week_hours": 40, "earliest": "07:00", "latest": "19:00"},
    {"max_age": 17, "school_day_hours": 4, "other_day_hours": 8, "school_week_hours": 48,
     "vacation_week_hours": 48, "earliest": "05:00", "latest": "22:00", "latest_before_other_day": "24:00"},
)

#: From June 1 through Labor Day the youngest band may work until this hour (Labor Code 1391(a)(1)).
SUMMER_LATEST_15 = "21:00"

SOURCES = (
    ("California Labor Code § 1391 (hours of work of minors; chapter §§ 1390–1399)",
     "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=LAB&sectionNum=1391"),
    ("California Education Code § 49116 (hours while school is in session; permits to work, §§ 49110–49119)",
     "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=EDC&sectionNum=49116"),
    ("California Labor Commissioner (DLSE), “California Child Labor Laws”, hours of work summary chart",
     "https://www.dir.ca.gov/dlse/dlse.html"),
)
