import hashlib
import hmac

from django.core.exceptions import PermissionDenied
from flask import Flask, abort, g, request
from flask_login import current_user, login_required

app = Flask(__name__)
WEBHOOK_SECRET = b"from-the-vault"
ONCALL_GROUP = "S0ONCALL"
RELEASE_APPROVERS = {"alice", "bob"}


@app.post("/admin/users/<int:uid>/delete")
@login_required
def delete_user(uid):
    # ruleid: PY-ASSERT-SECURITY
    assert current_user.is_admin, "forbidden"
    return {"deleted": uid}


def update_post(request, post):
    # ruleid: PY-ASSERT-SECURITY
    assert post.author_id == request.user.id
    post.body = request.POST["body"]
    post.save()


@app.post("/webhook")
def webhook():
    expected = hmac.new(WEBHOOK_SECRET, request.data, hashlib.sha256).hexdigest()
    # ruleid: PY-ASSERT-SECURITY
    assert hmac.compare_digest(expected, request.headers.get("X-Signature", ""))
    return "ok"


@app.post("/cart/add")
def add_to_cart():
    qty = int(request.form["qty"])
    # ruleid: PY-ASSERT-SECURITY
    assert 0 < qty <= 10
    return {"qty": qty}


def export_report(user, report):
    # ruleid: PY-ASSERT-SECURITY
    assert user.has_perm("reports.export"), "permission denied"
    return report.to_csv()


@app.get("/api/items")
def items():
    token = request.headers.get("Authorization", "")
    # ruleid: PY-ASSERT-SECURITY
    assert token.startswith("Bearer "), "invalid token"
    return {"items": []}


@app.get("/profile")
def profile():
    # ruleid: PY-ASSERT-SECURITY
    assert g.user is not None
    return {"name": g.user.name}


def change_password(user, new_password):
    # ruleid: PY-ASSERT-SECURITY
    assert len(new_password) >= 12, "too short"
    user.set_password(new_password)


def load_account(user, account):
    # ruleid: PY-ASSERT-SECURITY
    assert account.owner is user, "not allowed"
    return account


def exec_in_container(slack, command, run):
    user = command["user_id"]
    # ruleid: PY-ASSERT-SECURITY
    assert user in slack.usergroups_users_list(usergroup=ONCALL_GROUP)["users"], "on-call only"
    return run(command["text"])


def approve_release(release, requester):
    # ruleid: PY-ASSERT-SECURITY
    assert requester not in RELEASE_APPROVERS or requester != release.author
    release.approve(requester)


def rotate_keys(operator, keyring):
    # ruleid: PY-ASSERT-SECURITY
    assert operator.on_duty, "on-call staff only"
    keyring.rotate()


# --- lookalikes -----------------------------------------------------------------

@app.post("/admin/users/<int:uid>/disable")
@login_required
def disable_user(uid):
    # ok: PY-ASSERT-SECURITY
    if not current_user.is_admin:
        abort(403)
    return {"disabled": uid}


def update_post_safely(request, post):
    if post.author_id != request.user.id:
        raise PermissionDenied
    # ok: PY-ASSERT-SECURITY
    assert isinstance(post.body, str)
    post.save()


def render(user, template):
    # ok: PY-ASSERT-SECURITY
    assert template is not None
    return template.render(user=user)


def chunks(rows, size):
    # ok: PY-ASSERT-SECURITY
    assert size > 0
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def parse_header(line):
    key, _, value = line.partition(":")
    # ok: PY-ASSERT-SECURITY
    assert key, "empty header name"
    return key.strip(), value.strip()


class Matrix:
    def __mul__(self, other):
        # ok: PY-ASSERT-SECURITY
        assert self.cols == other.rows, "shape mismatch"
        return self


def test_admin_can_delete(client, admin):
    response = client.post("/admin/users/1/delete")
    # ok: PY-ASSERT-SECURITY
    assert response.status_code == 200 and admin.is_admin


def dedupe(row, seen_ids):
    # ok: PY-ASSERT-SECURITY
    assert row["customer_id"] not in seen_ids, "duplicate row"
    seen_ids.add(row["customer_id"])


def merge_options(a, b):
    # ok: PY-ASSERT-SECURITY
    assert not (a and b), "only one of --input or --url may be given"
    return a or b
