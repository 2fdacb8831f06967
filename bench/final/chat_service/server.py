"""Support chat for the merchant dashboard (Tornado, websockets + GitHub/Slack webhooks)."""
import hashlib
import hmac
import json
import logging
import os
import random
import uuid

import psycopg2
import tornado.escape
import tornado.ioloop
import tornado.web
import tornado.websocket

log = logging.getLogger("chat")

SLACK_BOT_TOKEN = "xoxb-2847561039-5928374610293-Jk8mN2pQ4rT6vX9zB1cD3fGh"  # VULN: CWE-798
GITHUB_WEBHOOK_SECRET = os.environ["GITHUB_WEBHOOK_SECRET"].encode()  # SAFE: CWE-798
ALLOWED_ORIGINS = {"https://dashboard.example-merchant.com", "https://support.example-merchant.com"}

db = psycopg2.connect(os.environ["CHAT_DSN"])
SOCKETS: dict[str, set] = {}


class BaseHandler(tornado.web.RequestHandler):
    def get_current_user(self):
        raw = self.get_secure_cookie("agent")
        return raw.decode() if raw else None


class RoomHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self, room):
        self.write("<h1>Room " + room + "</h1><div id='log'></div>")  # VULN: CWE-79


class RoomHeaderHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self, room):
        self.write("<h1>Room %s</h1>" % tornado.escape.xhtml_escape(room))  # SAFE: CWE-79


class RoomPageHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self, room):
        self.render("room.html", room=room, agent=self.current_user)  # SAFE: CWE-79


class LoginHandler(BaseHandler):
    def post(self):
        username = self.get_body_argument("username")
        password = self.get_body_argument("password")
        with db.cursor() as cur:
            cur.execute("SELECT id FROM agents WHERE username = %s AND password_hash = crypt(%s, password_hash)", (username, password))  # SAFE: CWE-89
            row = cur.fetchone()
        if row is None:
            log.warning("failed login for %s", username)  # SAFE: CWE-532
            raise tornado.web.HTTPError(403)
        self.set_secure_cookie("agent", username, httponly=True, secure=True, samesite="Strict")  # SAFE: CWE-614
        self.set_cookie("chat_session", uuid.uuid4().hex)  # VULN: CWE-614
        self.redirect(self.get_argument("next", "/"))  # VULN: CWE-601


class HistoryHandler(BaseHandler):
    @tornado.web.authenticated
    def get(self, room):
        before = self.get_argument("before", "9999999999")
        with db.cursor() as cur:
            cur.execute("SELECT author, body, sent_at FROM messages WHERE room = '%s' AND extract(epoch from sent_at) < %s ORDER BY sent_at DESC LIMIT 50" % (room, before))  # VULN: CWE-89
            rows = cur.fetchall()
        self.write({"messages": [{"author": a, "body": b, "at": t.isoformat()} for a, b, t in rows]})


class GithubWebhookHandler(tornado.web.RequestHandler):
    def check_xsrf_cookie(self):
        pass  # signed by GitHub instead, see post()

    def post(self):
        sig = self.request.headers.get("X-Hub-Signature-256", "")
        expected = "sha256=" + hmac.new(GITHUB_WEBHOOK_SECRET, self.request.body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(sig, expected):  # SAFE: CWE-208
            raise tornado.web.HTTPError(401)
        event = json.loads(self.request.body)
        broadcast("eng", f"{event['sender']['login']} pushed to {event['repository']['full_name']}")
        self.set_status(204)


class StatusWebhookHandler(tornado.web.RequestHandler):
    def check_xsrf_cookie(self):
        pass

    def post(self):
        token = self.get_argument("token", "")
        if token != os.environ["STATUSPAGE_WEBHOOK_TOKEN"]:  # VULN: CWE-208
            raise tornado.web.HTTPError(401)
        broadcast("ops", tornado.escape.json_decode(self.request.body)["message"])


class ChatSocket(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        return True  # VULN: CWE-1385

    def open(self, room):
        if not self.get_secure_cookie("agent"):
            self.close(code=4401)
            return
        self.room = room
        SOCKETS.setdefault(room, set()).add(self)

    def on_message(self, message):
        data = json.loads(message)
        if data.get("cmd") == "/roll":
            broadcast(self.room, f"rolled a {random.randint(1, 6)}")  # SAFE: CWE-338
            return
        with db.cursor() as cur:
            cur.execute("INSERT INTO messages(room, author, body) VALUES (%s, %s, %s)", (self.room, data.get("author"), data.get("body")))  # SAFE: CWE-89
        db.commit()
        broadcast(self.room, data.get("body", ""))

    def on_close(self):
        SOCKETS.get(self.room, set()).discard(self)


class AgentSocket(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        return origin in ALLOWED_ORIGINS  # SAFE: CWE-1385


def broadcast(room: str, text: str) -> None:
    for sock in list(SOCKETS.get(room, ())):
        sock.write_message({"room": room, "text": text})


ROUTES = [
    (r"/rooms/([a-z0-9-]+)", RoomPageHandler),
    (r"/rooms/([a-z0-9-]+)/header", RoomHeaderHandler),
    (r"/rooms/([^/]+)/raw", RoomHandler),
    (r"/rooms/([^/]+)/history", HistoryHandler),
    (r"/login", LoginHandler),
    (r"/hooks/github", GithubWebhookHandler),
    (r"/hooks/status", StatusWebhookHandler),
    (r"/ws/([a-z0-9-]+)", ChatSocket),
    (r"/ws-agent/([a-z0-9-]+)", AgentSocket),
]


def make_app(debug: bool = False) -> tornado.web.Application:
    return tornado.web.Application(ROUTES, cookie_secret=os.environ["CHAT_COOKIE_SECRET"], xsrf_cookies=True, login_url="/login", template_path="templates", debug=debug)  # SAFE: CWE-798


if __name__ == "__main__":
    make_app().listen(8888, address="127.0.0.1")  # SAFE: CWE-605
    tornado.ioloop.IOLoop.current().start()
