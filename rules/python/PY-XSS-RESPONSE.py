import json
import html

import tornado.escape
import tornado.web
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, jsonify, make_response, render_template, request
from markupsafe import escape

app = Flask(__name__)
api = FastAPI()


@app.route("/search")
def search():
    q = request.args.get("q", "")
    # ruleid: PY-XSS-RESPONSE
    return f"<h1>Results for {q}</h1>"


@app.route("/hello/<name>")
def hello(name):
    # ruleid: PY-XSS-RESPONSE
    return "<p>Hello, " + name + "!</p>", 200


@app.route("/echo", methods=["POST"])
def echo():
    comment = request.form["comment"]
    body = "<div class='comment'>%s</div>" % comment
    # ruleid: PY-XSS-RESPONSE
    return make_response(body)


def greet(request):
    name = request.GET.get("name", "guest")
    # ruleid: PY-XSS-RESPONSE
    return HttpResponse(f"<h1>Welcome back, {name}</h1>")


def missing_page(request, slug):
    # ruleid: PY-XSS-RESPONSE
    return HttpResponseNotFound("<p>No article called {}</p>".format(slug))


@api.get("/widget", response_class=HTMLResponse)
async def widget(title: str):
    # ruleid: PY-XSS-RESPONSE
    return HTMLResponse(content=f"<section><h2>{title}</h2></section>")


@app.errorhandler(404)
def not_found(error):
    # ruleid: PY-XSS-RESPONSE
    return f"<p>{request.path} was not found</p>", 404


def legacy_search(request):
    response = HttpResponse()
    # ruleid: PY-XSS-RESPONSE
    response.write("<p>You searched for %s</p>" % request.GET.get("q", ""))
    return response


@app.route("/safe/search")
def safe_search():
    q = request.args.get("q", "")
    # ok: PY-XSS-RESPONSE
    return f"<h1>Results for {escape(q)}</h1>"


@app.route("/safe/hello/<name>")
def safe_hello(name):
    # ok: PY-XSS-RESPONSE
    return render_template("hello.html", name=name)


@app.route("/api/echo")
def api_echo():
    # ok: PY-XSS-RESPONSE
    return jsonify(message=request.args.get("msg"))


@app.route("/api/profile")
def api_profile():
    data = request.get_json()
    # A dict is sent as JSON.
    # ok: PY-XSS-RESPONSE
    return {"name": data.get("name")}


def safe_greet(request):
    name = request.GET.get("name", "guest")
    # ok: PY-XSS-RESPONSE
    return HttpResponse(f"<h1>Welcome back, {html.escape(name)}</h1>")


def export_csv(request):
    rows = request.GET.get("rows", "")
    # ok: PY-XSS-RESPONSE
    return HttpResponse(f"id,name\n{rows}", content_type="text/csv")


def status(request):
    # ok: PY-XSS-RESPONSE
    return JsonResponse({"query": request.GET.get("q")})


@api.get("/items/{item_id}")
async def read_item(item_id: str):
    # FastAPI sends a str return value as JSON.
    # ok: PY-XSS-RESPONSE
    return f"Item {item_id}"


@app.route("/page")
def page():
    number = int(request.args.get("page", 1))
    # ok: PY-XSS-RESPONSE
    return f"<p>Page {number}</p>"


@app.route("/raw")
def raw_text():
    resp = make_response(request.args.get("text", ""))
    resp.mimetype = "text/plain"
    # ok: PY-XSS-RESPONSE
    return resp


class BaseHandler(tornado.web.RequestHandler):
    def get_current_user(self):
        return self.get_secure_cookie("user")


class RoomHandler(BaseHandler):
    def get(self, room):
        # A Tornado path argument: the regular expression of the route is `([^/]+)`.
        # ruleid: PY-XSS-RESPONSE
        self.write("<h1>Room " + room + "</h1>")


class GreetingHandler(tornado.web.RequestHandler):
    def get(self):
        name = self.get_argument("name", "guest")
        # ruleid: PY-XSS-RESPONSE
        self.finish(f"<p>Hello {name}</p>")


class RoomHeaderHandler(BaseHandler):
    def get(self, room):
        # ok: PY-XSS-RESPONSE
        self.write("<h1>Room %s</h1>" % tornado.escape.xhtml_escape(room))


class RoomApiHandler(BaseHandler):
    def get(self, room):
        payload = {"room": room, "members": []}
        # Tornado sends a dict as JSON.
        # ok: PY-XSS-RESPONSE
        self.write(payload)


class RoomTextHandler(BaseHandler):
    def get(self, room):
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        # ok: PY-XSS-RESPONSE
        self.write('{"room": "%s"}' % room)


class PostHandler(BaseHandler):
    def get(self, post_id):
        # The route admits digits only: `(r"/posts/([0-9]+)", PostHandler)`.
        # ok: PY-XSS-RESPONSE
        self.write("<h1>Post " + post_id + "</h1>")


class PageHandler(BaseHandler):
    def get(self, slug):
        # ok: PY-XSS-RESPONSE
        self.render("page.html", slug=slug)


routes = [
    (r"/rooms/([^/]+)", RoomHandler),
    (r"/rooms/([^/]+)/header", RoomHeaderHandler),
    (r"/posts/([0-9]+)", PostHandler),
]


# Pyramid / WebOb: Response() is text/html by default.
from pyramid.response import Response as PyramidResponse
from pyramid.view import view_config


@view_config(route_name="search")
def pyramid_search(request):
    term = request.params.get("q", "")
    # ruleid: PY-XSS-RESPONSE
    return PyramidResponse("<h3>Results for " + term + "</h3>")


@view_config(route_name="greeting")
def pyramid_greeting(request):
    who = request.params.get("company", "")
    # ok: PY-XSS-RESPONSE
    return PyramidResponse("<p>Welcome, %s</p>" % html.escape(who))


# AWS Lambda behind API Gateway: the returned dict is the HTTP response.
def share_page(event, context):
    note = (event.get("queryStringParameters") or {}).get("note", "")
    body = f"<html><body><p>{note}</p></body></html>"
    # ruleid: PY-XSS-RESPONSE
    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": body}


def share_page_escaped(event, context):
    note = (event.get("queryStringParameters") or {}).get("note", "")
    # ok: PY-XSS-RESPONSE
    return {"statusCode": 200, "headers": {"Content-Type": "text/html; charset=utf-8"}, "body": "<p>" + html.escape(note) + "</p>"}


def share_json(event, context):
    note = (event.get("queryStringParameters") or {}).get("note", "")
    # ok: PY-XSS-RESPONSE
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": note}


# Falcon: resp.text is sent as the content type the responder sets.
import falcon


class Hello:
    def on_get(self, req, resp):
        resp.content_type = falcon.MEDIA_HTML
        # ruleid: PY-XSS-RESPONSE
        resp.text = "<h1>Hello " + req.get_param("name", default="") + "</h1>"

    def on_post(self, req, resp):
        resp.content_type = falcon.MEDIA_HTML
        # ok: PY-XSS-RESPONSE
        resp.text = "<h1>Hello " + html.escape(req.get_param("name", default="")) + "</h1>"


class HelloJson:
    def on_get(self, req, resp):
        # ok: PY-XSS-RESPONSE
        resp.text = json.dumps({"hello": req.get_param("name")})
