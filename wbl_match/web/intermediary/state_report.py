"""The state's work-based learning report (CALPADS WBLR), checked before download, and the outcomes report."""
from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role, School
from wbl_match.services.equity.suppression import SMALL_CELL
from wbl_match.services.errors import Refusal
from wbl_match.services.reporting.outcomes import COUNTS, outcomes_report
from wbl_match.services.reporting.wblr import WblrOptions, academic_year_of, build_wblr, download_wblr
from wbl_match.services.reporting.wblr_spec import SPEC_VERSION
from wbl_match.web.intermediary import bp
from wbl_match.web.refusals import flash_refusal
from wbl_match.localisation import local_today

STAFF = (Role.INTERMEDIARY, Role.ADMIN)


def _options() -> WblrOptions:
    args = request.args
    school = args.get("school_id", "")
    return WblrOptions(academic_year=args.get("academic_year") or academic_year_of(local_today()),
                       school_id=int(school) if school.isdigit() else None,
                       lea_sponsored="N" if args.get("lea_sponsored") == "N" else "Y",
                       certified_supervised="Y" if args.get("certified_supervised") == "Y" else "N",
                       state_course_code=(args.get("state_course_code") or "").strip()[:10])


def _schools():
    return db.session.query(School).filter(School.consortium_id == current_user.consortium_id) \
        .order_by(School.name).all()


@bp.route("/reports/wblr")
@roles_required(*STAFF)
def wblr_report():
    options = _options()
    try:
        export = build_wblr(db.session, current_user.consortium_id, options)
    except Refusal as refusal:
        flash_refusal(refusal)
        return redirect(url_for("intermediary.wblr_report"))
    return render_template("intermediary/after/wblr.html", export=export, options=options, schools=_schools(),
                           spec_version=SPEC_VERSION)


@bp.route("/reports/wblr/download")
@roles_required(*STAFF)
def wblr_download():
    options = _options()
    try:
        export = download_wblr(db.session, current_user._get_current_object(), options)
    except Refusal as refusal:
        flash_refusal(refusal)
        return redirect(url_for("intermediary.wblr_report", **request.args))
    name = f"WBLR_{options.academic_year}_{current_user.consortium.slug}.txt"
    return Response(export.text, mimetype="text/plain", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/reports/outcomes")
@roles_required(*STAFF)
def outcomes():
    return render_template("intermediary/after/outcomes.html", report=outcomes_report(db.session,
                                                                                      current_user.consortium_id),
                           counts=COUNTS, small_cell=SMALL_CELL)
