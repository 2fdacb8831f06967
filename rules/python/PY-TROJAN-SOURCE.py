"""Examples for PY-TROJAN-SOURCE (generated: the bidi characters are real, not escapes)."""


def check_access(user):
    access_level = user.role
    # ruleid: PY-TROJAN-SOURCE
    if access_level != "user‮ ⁦# Check if admin⁩ ⁦":
        return "granted"
    return "denied"


def transfer(amount, balance):
    # ruleid: PY-TROJAN-SOURCE
    # balance check ⁧return amount⁩ done
    if amount > balance:
        raise ValueError("insufficient funds")
    return balance - amount


def is_admin(name):
    # ruleid: PY-TROJAN-SOURCE
    return name == "admin‫  "  # ‬


# --- lookalikes -----------------------------------------------------------------


def strip_controls(text):
    # ok: PY-TROJAN-SOURCE
    return text.replace("\u202e", "").replace("\u2066", "").replace("\u2069", "")


# ok: PY-TROJAN-SOURCE
GREETING_HE = "שלום‏!"
# ok: PY-TROJAN-SOURCE
GREETING_AR = "مرحبا بك"


def direction_mark(rtl):
    # ok: PY-TROJAN-SOURCE
    return "\u200f" if rtl else "\u200e"
