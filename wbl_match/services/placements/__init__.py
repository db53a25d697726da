"""After the match: a placement's readiness checklist, hours, evaluations and completion.

``lifecycle.py`` holds the after-acceptance states and their moves; the round lifecycle
(``services/rounds/``) ends where this one begins, at an accepted placement of a published round.
"""
