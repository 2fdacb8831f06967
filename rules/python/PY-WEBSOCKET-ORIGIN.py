import os
from urllib.parse import urlparse

import socketio
import tornado.web
import tornado.websocket
from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator, OriginValidator
from django.core.asgi import get_asgi_application
from flask import Flask
from flask_socketio import SocketIO

from . import routing

ALLOWED_ORIGINS = {"https://dashboard.example.com", "https://support.example.com"}
ALLOWED_HOSTS = {"dashboard.example.com"}


class BaseSocket(tornado.websocket.WebSocketHandler):
    def open(self):
        self.user = self.get_secure_cookie("user")


class ChatSocket(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        # ruleid: PY-WEBSOCKET-ORIGIN
        return True

    def on_message(self, message):
        self.write_message(message)


class NotificationSocket(BaseSocket):
    def check_origin(self, origin):
        """Allow the mobile app and the browser extension."""
        # ruleid: PY-WEBSOCKET-ORIGIN
        return True


class AgentSocket(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        # ok: PY-WEBSOCKET-ORIGIN
        return origin in ALLOWED_ORIGINS


class DashboardSocket(BaseSocket):
    def check_origin(self, origin):
        if os.environ.get("WS_ALLOW_ANY_ORIGIN") == "1":
            return True
        # ok: PY-WEBSOCKET-ORIGIN
        return urlparse(origin).netloc in ALLOWED_HOSTS


class LocalSocket(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        # ok: PY-WEBSOCKET-ORIGIN
        return urlparse(origin).hostname in ("localhost", "127.0.0.1")


class RoomsHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"rooms": sorted(ALLOWED_HOSTS)})


app = Flask(__name__)
# ruleid: PY-WEBSOCKET-ORIGIN
sio = SocketIO(app, cors_allowed_origins="*")
# ruleid: PY-WEBSOCKET-ORIGIN
events = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins=["*"])
# ok: PY-WEBSOCKET-ORIGIN
admin_sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins=sorted(ALLOWED_ORIGINS))
# ok: PY-WEBSOCKET-ORIGIN
internal_sio = SocketIO(app)
lazy_sio = SocketIO()


def create_app():
    flask_app = Flask(__name__)
    # ruleid: PY-WEBSOCKET-ORIGIN
    lazy_sio.init_app(flask_app, cors_allowed_origins="*", async_mode="eventlet")
    return flask_app


def create_partner_app():
    flask_app = Flask(__name__)
    # ok: PY-WEBSOCKET-ORIGIN
    lazy_sio.init_app(flask_app, cors_allowed_origins=["https://partner.example.com"])
    return flask_app

django_asgi_app = get_asgi_application()

application = ProtocolTypeRouter({
    "http": django_asgi_app,
    # ruleid: PY-WEBSOCKET-ORIGIN
    "websocket": AuthMiddlewareStack(URLRouter(routing.websocket_urlpatterns)),
})

secure_application = ProtocolTypeRouter({
    "http": django_asgi_app,
    # ok: PY-WEBSOCKET-ORIGIN
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(routing.websocket_urlpatterns))),
})

token_application = ProtocolTypeRouter({
    # Authenticated by a token in the first message: the browser sends nothing on its own.
    # ok: PY-WEBSOCKET-ORIGIN
    "websocket": URLRouter(routing.websocket_urlpatterns),
})

partner_application = ProtocolTypeRouter({
    # ruleid: PY-WEBSOCKET-ORIGIN
    "websocket": OriginValidator(AuthMiddlewareStack(URLRouter(routing.websocket_urlpatterns)), ["*"]),
})

listed_application = ProtocolTypeRouter({
    # ok: PY-WEBSOCKET-ORIGIN
    "websocket": OriginValidator(AuthMiddlewareStack(URLRouter(routing.websocket_urlpatterns)), [".example.com"]),
})
