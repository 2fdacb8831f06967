import random
import random as rnd
import string
import time
from random import choice, randint

from django.http import JsonResponse
from flask import Flask, session

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits


@app.post("/password-reset")
def start_reset():
    # ruleid: PY-RANDOM-INSECURE
    reset_token = "".join(random.choice(ALPHABET) for _ in range(32))
    send_reset_mail(reset_token)
    return "sent"


def issue_csrf():
    # ruleid: PY-RANDOM-INSECURE
    session["csrf_token"] = "%032x" % random.getrandbits(128)


def send_login_code(user):
    # ruleid: PY-RANDOM-INSECURE
    user.otp_code = randint(100000, 999999)
    user.save()


def generate_api_key():
    # ruleid: PY-RANDOM-INSECURE
    return "".join(rnd.choices(ALPHABET, k=40))


def temporary_password(length=12):
    password = ""
    for _ in range(length):
        # ruleid: PY-RANDOM-INSECURE
        password += choice(ALPHABET)
    return password


def new_session(request):
    # ruleid: PY-RANDOM-INSECURE
    return JsonResponse({"session_id": random.randrange(10**20), "user": request.user.id})


def _random_string(length):
    # ruleid: PY-RANDOM-INSECURE
    return "".join(random.sample(ALPHABET, length))


def create_invite(team):
    invite_code = _random_string(10)
    return team.invites.create(code=invite_code)


def retry_with_backoff(func, attempts=5):
    for attempt in range(attempts):
        try:
            return func()
        except ConnectionError:
            # ok: PY-RANDOM-INSECURE
            time.sleep(2**attempt + random.uniform(0, 1))
    raise TimeoutError


def shuffle_playlist(tracks):
    # ok: PY-RANDOM-INSECURE
    random.shuffle(tracks)
    return tracks


def pick_server(servers):
    # ok: PY-RANDOM-INSECURE
    return random.choice(servers)


def sample_for_ab_test(user_ids):
    # ok: PY-RANDOM-INSECURE
    if random.random() < 0.1:
        return random.sample(user_ids, 10)
    return []


def roll_dice():
    # ok: PY-RANDOM-INSECURE
    return randint(1, 6)


def refresh_token_later(client):
    # ok: PY-RANDOM-INSECURE
    delay = random.uniform(30, 60)
    client.schedule_refresh(delay)


def send_reset_mail(token):
    pass


def cache_login_code(cache, user_id):
    # ruleid: PY-RANDOM-INSECURE
    cache.set(f"otp:{user_id}", random.randint(100000, 999999), timeout=300)


def rotate_outbound_key(api_keys):
    # Choosing among existing keys (load balancing) is not generating a secret.
    # ok: PY-RANDOM-INSECURE
    return random.choice(api_keys)


def new_csrf_token():
    import uuid

    # uuid1 is the clock plus the MAC address: predictable.
    # ruleid: PY-RANDOM-INSECURE
    return uuid.uuid1().hex


def new_invite_code(user_id):
    import hashlib

    # ruleid: PY-RANDOM-INSECURE
    return hashlib.sha256(f"{user_id}:{time.time()}".encode()).hexdigest()[:12]


def new_request_id():
    import uuid

    # A correlation id is not a secret.
    # ok: PY-RANDOM-INSECURE
    return uuid.uuid1().hex


@app.get("/login")
def oauth_login():
    # The OAuth state is checked on the callback: a predictable one defeats the CSRF protection.
    # ruleid: PY-RANDOM-INSECURE
    session["oauth_state"] = str(random.randint(100000, 999999))
    # ok: PY-RANDOM-INSECURE
    session["theme"] = random.choice(["light", "dark"])
    return "redirecting"


def authorize_params(client_id, redirect_uri):
    # ruleid: PY-RANDOM-INSECURE
    return {"client_id": client_id, "redirect_uri": redirect_uri, "response_type": "code", "state": random.getrandbits(64)}


def remember_me(response):
    # ruleid: PY-RANDOM-INSECURE
    response.set_cookie("remember_me", str(random.getrandbits(64)), httponly=True, secure=True)
    return response


def invitation_created(sender, instance, created, **kwargs):
    # A random string of 20 letters and digits is a secret whatever its name says.
    # ruleid: PY-RANDOM-INSECURE
    instance.code = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(20))
    instance.save(update_fields=["code"])


def downsample(df, rows):
    # ok: PY-RANDOM-INSECURE
    return df.sample(n=rows, random_state=random.randint(0, 10_000))


def scratch_table(conn):
    # ok: PY-RANDOM-INSECURE
    table = "tmp_" + "".join(random.choice(string.ascii_lowercase) for _ in range(8))
    conn.execute(f"CREATE TEMP TABLE {table} (id int)")


def upload_name():
    # ok: PY-RANDOM-INSECURE
    return "".join(random.choice(ALPHABET) for _ in range(12)) + ".png"


def payment_link_token_legacy(invoice):
    import hashlib

    # A hash of the clock and a guessable invoice number, returned as a token: no verb needed.
    # ruleid: PY-RANDOM-INSECURE
    return hashlib.sha1(f"{invoice.number}{time.time()}".encode()).hexdigest()


def email_verification_nonce(user):
    import hashlib

    # ruleid: PY-RANDOM-INSECURE
    return hashlib.md5(f"{user.email}{time.time_ns()}".encode()).hexdigest()


def asset_etag(path, mtime):
    import hashlib

    # ok: PY-RANDOM-INSECURE
    return hashlib.md5(f"{path}{time.time()}".encode()).hexdigest()


def report_cache_key(report):
    import hashlib

    # ok: PY-RANDOM-INSECURE
    return hashlib.sha1(f"{report.id}:{int(time.time() // 300)}".encode()).hexdigest()


def api_token_signature(api_secret, body):
    import hashlib

    # A secret goes into the hash: an (improvised) MAC, not a guessable value.
    # ok: PY-RANDOM-INSECURE
    return hashlib.sha256(f"{api_secret}{time.time()}{body}".encode()).hexdigest()


def pairing_pin() -> str:
    # ruleid: PY-RANDOM-INSECURE
    return f"{random.randint(0, 9999):04d}"


def door_unlock_pin():
    # ruleid: PY-RANDOM-INSECURE
    pin = str(random.randint(100000, 999999))
    return pin


def blink_led(pins):
    # ok: PY-RANDOM-INSECURE
    led_pin = random.choice(pins)
    return led_pin


def pin_jitter():
    # ok: PY-RANDOM-INSECURE
    return random.uniform(0.0, 0.5)
