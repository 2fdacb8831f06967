"""SQLAlchemy models and reporting helpers for the clinic API."""
from __future__ import annotations

import hashlib
from typing import Iterable

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import bindparam, text
from werkzeug.security import check_password_hash, generate_password_hash

db = SQLAlchemy()

SORTABLE = {"starts_at", "created_at", "clinic_code"}
REMINDER_TABLE = "appointment_reminders"


class Patient(db.Model):
    __tablename__ = "patients"

    id = db.Column(db.Integer, primary_key=True)
    mrn = db.Column(db.String(32), unique=True, nullable=False)
    family_name = db.Column(db.String(120))
    dob = db.Column(db.Date)
    portal_password_hash = db.Column(db.String(200))

    def set_portal_password(self, raw: str) -> None:
        # kept for the 2016 portal import; new accounts go through set_portal_password_v2
        self.portal_password_hash = hashlib.sha1(raw.encode()).hexdigest()  # VULN: CWE-916

    def set_portal_password_v2(self, raw: str) -> None:
        self.portal_password_hash = generate_password_hash(raw, method="scrypt")  # SAFE: CWE-916

    def check_portal_password(self, raw: str) -> bool:
        return check_password_hash(self.portal_password_hash, raw)


class Clinician(db.Model):
    __tablename__ = "clinicians"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(200), unique=True)
    clinic_code = db.Column(db.String(8))
    active = db.Column(db.Boolean, default=True)


class Appointment(db.Model):
    __tablename__ = "appointments"

    id = db.Column(db.Integer, primary_key=True)
    patient_id = db.Column(db.Integer, db.ForeignKey("patients.id"))
    clinician_id = db.Column(db.Integer, db.ForeignKey("clinicians.id"))
    clinic_code = db.Column(db.String(8))
    starts_at = db.Column(db.DateTime)
    status = db.Column(db.String(16), default="booked")
    notes = db.Column(db.Text)
    billed_amount = db.Column(db.Numeric(10, 2))

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "patient_id": self.patient_id,
            "clinician_id": self.clinician_id,
            "starts_at": self.starts_at.isoformat() if self.starts_at else None,
            "status": self.status,
        }


def appointments_sorted(clinic: str, order_by: str):
    if order_by not in SORTABLE:
        order_by = "starts_at"
    return db.session.execute(text(f"SELECT * FROM appointments WHERE clinic_code = :c ORDER BY {order_by}"), {"c": clinic}).fetchall()  # SAFE: CWE-89


def appointments_by_status(statuses: Iterable[str]):
    stmt = text("SELECT id FROM appointments WHERE status IN :st").bindparams(bindparam("st", expanding=True))
    return db.session.execute(stmt, {"st": list(statuses)}).fetchall()  # SAFE: CWE-89


def search_patients(term: str, sort: str):
    """Used by the receptionist search box; `sort` comes straight from the table header click."""
    return db.session.execute(text("SELECT id, family_name FROM patients WHERE family_name LIKE :t ORDER BY " + sort), {"t": f"%{term}%"}).fetchall()  # VULN: CWE-89


def no_show_report(clinic_code: str, since: str):
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SELECT patient_id, COUNT(*) FROM appointments WHERE status = 'no_show' AND clinic_code = '%s' AND day >= '%s' GROUP BY patient_id" % (clinic_code, since))  # VULN: CWE-89
        return cur.fetchall()
    finally:
        raw.close()


def active_clinicians(clinic_code: str):
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SELECT id, email FROM clinicians WHERE clinic_code = %s AND active", (clinic_code,))  # SAFE: CWE-89
        return cur.fetchall()
    finally:
        raw.close()


def purge_old_reminders(days: int = 90) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {REMINDER_TABLE} WHERE sent_at < now() - make_interval(days => :d)"), {"d": int(days)})  # SAFE: CWE-89


def patient_ids_by_name(prefix: str) -> list[int]:
    q = db.session.query(Patient.id).filter(Patient.family_name.ilike(prefix + "%"))  # SAFE: CWE-89
    return [pid for (pid,) in q.all()]
