"""Appointment booking API for the Riverside clinic network.

Serves the receptionist SPA and the check-in kiosks.  Clinicians log in through the
hospital SSO; patients only ever see the kiosk and the reminder e-mails.
"""
import hashlib
import hmac
import logging
import os
import random
import traceback

import requests
from flask import (
    Flask,
    abort,
    jsonify,
    redirect,
    render_template_string,
    request,
    send_file,
    send_from_directory,
    session,
    url_for,
)
from markupsafe import escape
from sqlalchemy import text
from werkzeug.utils import secure_filename

from .db import Appointment, Clinician, db

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["CLINIC_SECRET_KEY"]  # SAFE: CWE-798
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///clinic.db")
app.config["SESSION_COOKIE_SECURE"] = True  # SAFE: CWE-614
app.config["SESSION_COOKIE_HTTPONLY"] = False  # VULN: CWE-1004
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
db.init_app(app)
log = logging.getLogger("clinic.api")

UPLOAD_ROOT = "/srv/clinic/uploads"
ALLOWED_EXT = {"pdf", "png", "jpg"}
PARTNER_FEEDS = {
    "labcorp": "https://feeds.labpartner.example/v2/results",
    "imaging": "https://pacs.example-imaging.net/api/studies",
}
WAITING_ROOM_TIPS = ["Stay hydrated", "Bring your insurance card", "Arrive 10 minutes early"]


def _current_clinician():
    cid = session.get("clinician_id")
    if cid is None:
        abort(401)
    return Clinician.query.get_or_404(cid)


@app.route("/api/appointments/search")
def search_appointments():
    _current_clinician()
    clinic = request.args.get("clinic", "")
    day = request.args.get("day", "")
    rows = db.session.execute(text(f"SELECT id, patient_id, starts_at FROM appointments WHERE clinic_code = '{clinic}' AND day = '{day}'")).fetchall()  # VULN: CWE-89
    return jsonify([dict(r._mapping) for r in rows])


@app.route("/api/patients/lookup")
def lookup_patient():
    _current_clinician()
    mrn = request.args.get("mrn", "")
    row = db.session.execute(text("SELECT id, family_name, dob FROM patients WHERE mrn = :mrn"), {"mrn": mrn}).first()  # SAFE: CWE-89
    if row is None:
        abort(404)
    return jsonify(dict(row._mapping))


@app.route("/api/appointments/<int:appt_id>", methods=["PATCH"])
def update_appointment(appt_id):
    _current_clinician()
    appt = Appointment.query.get_or_404(appt_id)
    for key, value in request.get_json().items():
        setattr(appt, key, value)  # VULN: CWE-915
    db.session.commit()
    return jsonify(appt.to_dict())


@app.route("/api/appointments/<int:appt_id>/notes", methods=["POST"])
def add_note(appt_id):
    clinician = _current_clinician()
    appt = Appointment.query.get_or_404(appt_id)
    payload = request.get_json()
    appt.notes = (appt.notes or "") + "\n" + payload.get("text", "")
    if payload.get("status") in {"booked", "arrived", "cancelled"}:
        appt.status = payload["status"]
    db.session.commit()
    log.info("note added to appointment %s by clinician %s", appt_id, clinician.id)
    return jsonify({"ok": True})


@app.route("/reminders/preview")
def preview_reminder():
    patient_name = request.args.get("name", "patient")
    template = "<p>Dear " + patient_name + ", your appointment is tomorrow at {{ time }}.</p>"
    return render_template_string(template, time="09:30")  # VULN: CWE-1336


@app.route("/reminders/preview/v2")
def preview_reminder_v2():
    return render_template_string("<p>Dear {{ name }}, your appointment is tomorrow at {{ time }}.</p>", name=request.args.get("name", "patient"), time="09:30")  # SAFE: CWE-1336


@app.route("/api/clinics/<code>/banner")
def clinic_banner(code):
    return f"<h2>Clinic {escape(code)}</h2>"  # SAFE: CWE-79


@app.route("/api/clinics/<code>/welcome")
def clinic_welcome(code):
    msg = request.args.get("msg", "Welcome")
    return "<div class='banner'>" + msg + "</div>"  # VULN: CWE-79


@app.route("/api/referrals/<int:pid>/upload", methods=["POST"])
def upload_referral(pid):
    _current_clinician()
    f = request.files["document"]
    name = secure_filename(f.filename)
    if name.rsplit(".", 1)[-1].lower() not in ALLOWED_EXT:
        abort(400)
    f.save(os.path.join(UPLOAD_ROOT, str(pid), name))  # SAFE: CWE-22
    return jsonify({"stored": name})


@app.route("/api/referrals/<int:pid>/download")
def download_referral(pid):
    _current_clinician()
    filename = request.args["file"]
    return send_file(os.path.join(UPLOAD_ROOT, str(pid), filename))  # VULN: CWE-22


@app.route("/api/referrals/<int:pid>/thumb/<path:name>")
def referral_thumb(pid, name):
    _current_clinician()
    return send_from_directory(os.path.join(UPLOAD_ROOT, str(pid), "thumbs"), name)  # SAFE: CWE-22


@app.route("/api/partners/<feed>/results")
def partner_results(feed):
    url = PARTNER_FEEDS.get(feed)
    if url is None:
        abort(404)
    resp = requests.get(url, params={"since": request.args.get("since")}, timeout=10)  # SAFE: CWE-918
    return jsonify(resp.json())


@app.route("/api/fhir/proxy")
def fhir_proxy():
    target = request.args["endpoint"]
    resp = requests.get(target, headers={"Accept": "application/fhir+json"}, timeout=15)  # VULN: CWE-918
    return resp.content, resp.status_code


@app.route("/login/done")
def after_login():
    nxt = request.args.get("next", "/")
    return redirect(nxt)  # VULN: CWE-601


@app.route("/logout")
def logout():
    session.clear()
    return redirect(url_for("search_appointments"))  # SAFE: CWE-601


@app.route("/api/checkin/code", methods=["POST"])
def checkin_code():
    code = "".join(random.choice("0123456789") for _ in range(6))  # VULN: CWE-338
    session["checkin_code"] = code
    return jsonify({"sent": True})


@app.route("/api/waiting-room/tip")
def waiting_room_tip():
    return jsonify({"tip": random.choice(WAITING_ROOM_TIPS)})  # SAFE: CWE-338


@app.route("/api/kiosk/verify", methods=["POST"])
def kiosk_verify():
    supplied = request.form.get("code", "")
    if hmac.compare_digest(supplied, session.get("checkin_code", "")):  # SAFE: CWE-208
        return jsonify({"ok": True})
    return jsonify({"ok": False}), 403


@app.route("/api/kiosk/device-auth", methods=["POST"])
def kiosk_device_auth():
    token = request.headers.get("X-Kiosk-Token", "")
    if token == os.environ["KIOSK_TOKEN"]:  # VULN: CWE-208
        return jsonify({"ok": True})
    abort(403)


@app.route("/api/exports/<int:pid>.csv")
def export_patient(pid):
    _current_clinician()
    etag = hashlib.md5(f"{pid}:v3".encode()).hexdigest()  # SAFE: CWE-327
    if request.headers.get("If-None-Match") == etag:
        return "", 304
    rows = Appointment.query.filter_by(patient_id=pid).all()
    body = "\n".join(f"{a.id},{a.starts_at:%Y-%m-%d %H:%M},{a.status}" for a in rows)
    return body, 200, {"Content-Type": "text/csv", "ETag": etag}


@app.errorhandler(Exception)
def on_error(exc):
    log.exception("unhandled error")
    return jsonify({"error": str(exc), "trace": traceback.format_exc()}), 500  # VULN: CWE-209


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5050, debug=False)  # SAFE: CWE-489
