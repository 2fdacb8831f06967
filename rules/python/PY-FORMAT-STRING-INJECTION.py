import string

from flask import Flask, request
from flask_login import current_user

app = Flask(__name__)
GREETINGS = {"short": "Hi {user.name}", "long": "Hello, {user.name}!"}


@app.route("/greet")
def greet():
    template = request.args.get("template", "Hello {user.name}")
    # ruleid: PY-FORMAT-STRING-INJECTION
    return template.format(user=current_user)


@app.route("/banner", methods=["POST"])
def banner():
    # ruleid: PY-FORMAT-STRING-INJECTION
    return request.form["banner"].format_map({"user": current_user, "app": app})


@app.route("/letter")
def letter():
    opening = "Dear " + request.args["title"] + " {user.name},"
    # ruleid: PY-FORMAT-STRING-INJECTION
    return string.Formatter().format(opening, user=current_user)


@app.route("/hello")
def hello():
    # ok: PY-FORMAT-STRING-INJECTION
    return "Hello {}".format(request.args["name"])


@app.route("/greet-styled")
def greet_styled():
    template = GREETINGS.get(request.args.get("style"), "Hi {user.name}")
    # ok: PY-FORMAT-STRING-INJECTION
    return template.format(user=current_user)


def render_footer(template, year):
    # ok: PY-FORMAT-STRING-INJECTION
    return template.format(year=year)
