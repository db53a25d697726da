"""Administrators change the consortium's limits for minors (a district's permits, work experience)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services import work_limits
from wbl_match.services.errors import FieldErrors
from wbl_match.web.admin import bp

#: The fields of a band on the form, with their labels.
BAND_FIELDS = (("max_age", "Oldest age of the band"), ("school_day_hours", "Hours on a school day"),
               ("other_day_hours", "Hours on a day without school"), ("school_week_hours", "Hours in a school week"),
               ("vacation_week_hours", "Hours in a vacation week"), ("earliest", "Earliest start (HH:MM)"),
               ("latest", "Latest end (HH:MM)"), ("latest_before_other_day", "Latest end before a day without school"))
TIMES = ("earliest", "latest", "latest_before_other_day")


def _bands_from(form) -> list[dict]:
    """The bands as typed: numbers as numbers (text that is not one is left for the engine to refuse)."""
    bands = []
    for index in range(int(form.get("bands", "0") or 0)):
        band = {}
        for name, _ in BAND_FIELDS:
            raw = (form.get(f"band-{index}-{name}") or "").strip()
            band[name] = raw if name in TIMES or not raw else _number(raw)
        if any(value not in ("", None) for value in band.values()):
            bands.append(band)
    return bands


def _number(raw: str):
    try:
        value = float(raw)
    except ValueError:
        return raw
    return int(value) if value.is_integer() else value


@bp.route("/work-limits", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def work_limits_edit():
    table = work_limits.current_table(db.session, current_user.consortium_id)
    bands, note, errors = [dict(b) for b in table.bands], "", {}
    if request.method == "POST":
        bands, note = _bands_from(request.form), request.form.get("note", "")
        try:
            work_limits.save_table(db.session, current_user, bands, note)
        except FieldErrors as error:
            errors = error.errors
        else:
            flash("The limits for minors are saved as a new version.", "success")
            return redirect(url_for("intermediary.work_limits_page"))
    blank = {name: "" for name, _ in BAND_FIELDS}
    return render_template("admin/work_limits.html", bands=bands + [blank], note=note, errors=errors,
                           fields=BAND_FIELDS, table=table), 422 if errors else 200
