"""Bulk import and export pages: templates, upload, column mapping on a preview, progress, results."""
from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from wbl_match.access import get_scoped_or_404, roles_required
from wbl_match.extensions import db
from wbl_match.jobs import get_queue
from wbl_match.models import ImportJob, ImportStatus, Role
from wbl_match.services.bulk import exporting
from wbl_match.services.bulk.columns import COLUMNS, KIND_LABELS, KINDS
from wbl_match.services.bulk.importing import choose_mapping, consortium_imports
from wbl_match.services.bulk.jobs import IMPORT_JOB, READ_JOB
from wbl_match.services.students.reads import record_export
from wbl_match.services.bulk.uploads import RETENTION, expire_imports, is_reading, preview_rows, start_import
from wbl_match.services.bulk.readers import MAX_FILE_BYTES, MAX_ROWS, FileProblem
from wbl_match.web.intermediary import bp

STAFF = (Role.INTERMEDIARY, Role.ADMIN)
MIME = {"csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class UploadForm(FlaskForm):
    kind = SelectField("What the file holds", choices=[SelectChoice(k, KIND_LABELS[k]) for k in KINDS],
                       validators=[DataRequired("Choose what the file holds.")])
    file = FileField("CSV or XLSX file")


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = request.args.get(name, default)
    return value if value in allowed else default


def _download(data: bytes, filename: str, file_format: str) -> Response:
    return Response(data, mimetype=MIME[file_format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _index(form: UploadForm, status: int = 200):
    expire_imports(db.session)  # no scheduler runs in the embedded default: the import page keeps the files tidy
    return render_template("intermediary/imports/index.html", form=form, kinds=KINDS, labels=KIND_LABELS,
                           imports=consortium_imports(db.session, current_user.consortium_id),
                           max_mb=MAX_FILE_BYTES // 1048576, max_rows=MAX_ROWS,
                           retention_hours=int(RETENTION.total_seconds() // 3600)), status


@bp.route("/imports", methods=["GET", "POST"])
@roles_required(*STAFF)
def imports():
    form = UploadForm()
    if not form.is_submitted():
        return _index(form)
    upload = request.files.get("file")
    if form.validate():
        if upload is None or not upload.filename:
            form.file.errors.append("Choose a file to upload.")
        else:
            try:
                job = start_import(db.session, current_user._get_current_object(), form.kind.data,
                                   upload.filename, upload.read(MAX_FILE_BYTES + 1))
            except FileProblem as problem:
                form.file.errors.append(str(problem))
            else:
                get_queue().enqueue(READ_JOB, job.id)
                return redirect(url_for("intermediary.import_detail", import_id=job.id))
    return _index(form, 422)


@bp.route("/imports/template")
@roles_required(*STAFF)
def import_template():
    kind, file_format = _choice("kind", "students", KINDS), _choice("format", "csv", exporting.FORMATS)
    return _download(exporting.template(kind, file_format), f"wbl_match-{kind}-template.{file_format}", file_format)


@bp.route("/imports/export")
@roles_required(*STAFF)
def import_export():
    kind, file_format = _choice("kind", "students", KINDS), _choice("format", "csv", exporting.FORMATS)
    with_birth_dates = kind == "students" and request.args.get("birth_dates") == "yes"
    data = exporting.export(db.session, current_user.consortium_id, kind, file_format, with_birth_dates)
    if kind == "students":
        record_export(db.session, current_user._get_current_object(), current_user.consortium_id, file_format,
                      with_birth_dates)
    return _download(data, f"wbl_match-{kind}.{file_format}", file_format)


def _detail(job: ImportJob, problems: list[str] | None = None, status: int = 200):
    columns = COLUMNS[job.kind]
    preview = preview_rows(job) if job.status is ImportStatus.UPLOADED else []
    return render_template("intermediary/imports/detail.html", job=job, columns=columns, preview=preview,
                           mapping_problems=problems or [], label=KIND_LABELS[job.kind],
                           reading=is_reading(job)), status


@bp.route("/imports/<int:import_id>")
@roles_required(*STAFF)
def import_detail(import_id: int):
    return _detail(get_scoped_or_404(ImportJob, import_id))


@bp.route("/imports/<int:import_id>/start", methods=["POST"])
@roles_required(*STAFF)
def import_start(import_id: int):
    job = get_scoped_or_404(ImportJob, import_id)
    mapping = [request.form.get(f"column-{index}") or None for index in range(len(job.headers))]
    problems = choose_mapping(db.session, current_user._get_current_object(), job, mapping)
    if problems:
        job.mapping = mapping  # show the choices made, not the suggestion
        return _detail(job, problems, 422)
    get_queue().enqueue(IMPORT_JOB, job.id)
    return redirect(url_for("intermediary.import_detail", import_id=job.id))


@bp.route("/imports/<int:import_id>/progress")
@roles_required(*STAFF)
def import_progress(import_id: int):
    job = get_scoped_or_404(ImportJob, import_id)
    if job.status is ImportStatus.UPLOADED and not is_reading(job):
        # Read: the mapping screen replaces the progress (htmx follows HX-Redirect; a browser, the link).
        return "", 204, {"HX-Redirect": url_for("intermediary.import_detail", import_id=job.id)}
    return render_template("intermediary/imports/_progress.html", job=job)
