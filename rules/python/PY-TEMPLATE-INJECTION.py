import jinja2
from django.http import HttpResponse
from django.template import Context, Template as DjangoTemplate
from flask import Flask, render_template_string, request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from mako.template import Template as MakoTemplate

from .models import Campaign, Page

app = Flask(__name__)
env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
PAGE = "<h1>Hello {{ name }}!</h1>"


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    # ruleid: PY-TEMPLATE-INJECTION
    return render_template_string(f"<h1>Hello {name}!</h1>")


@app.route("/preview", methods=["POST"])
def preview():
    # ruleid: PY-TEMPLATE-INJECTION
    return render_template_string(request.form["template"])


@app.route("/greeting")
def greeting():
    source = "<p>" + request.args.get("greeting", "Hi") + ", {{ user }}</p>"
    # ruleid: PY-TEMPLATE-INJECTION
    return jinja2.Template(source).render(user="guest")


@app.route("/email/preview")
def email_preview():
    subject = request.args["subject"]
    # ruleid: PY-TEMPLATE-INJECTION
    template = env.from_string("Subject: %s\n\n{{ body }}" % subject)
    return template.render(body="...")


def django_banner(request):
    banner = request.GET.get("banner", "")
    # ruleid: PY-TEMPLATE-INJECTION
    tpl = DjangoTemplate("<div class='banner'>{}</div>".format(banner))
    return HttpResponse(tpl.render(Context({})))


def mako_page(request, title):
    # ruleid: PY-TEMPLATE-INJECTION
    return HttpResponse(MakoTemplate(text=f"<title>{title}</title>${{body}}").render(body=""))


def render_row(label):
    # Formatting into the template source of a helper: the label is template code.
    # ruleid: PY-TEMPLATE-INJECTION
    return render_template_string("<td>" + label + "</td>")


@app.route("/safe/hello")
def safe_hello():
    name = request.args.get("name", "world")
    # ok: PY-TEMPLATE-INJECTION
    return render_template_string("<h1>Hello {{ name }}!</h1>", name=name)


@app.route("/safe/page")
def safe_page():
    # ok: PY-TEMPLATE-INJECTION
    return render_template_string(PAGE, name=request.args.get("name"))


@app.route("/safe/report")
def safe_report():
    with open("templates/report.txt") as fh:
        source = fh.read()
    # ok: PY-TEMPLATE-INJECTION
    return env.from_string(source).render(rows=request.args.getlist("row"))


@app.route("/safe/sandbox", methods=["POST"])
def sandboxed():
    sandbox = SandboxedEnvironment()
    # ok: PY-TEMPLATE-INJECTION
    return sandbox.from_string(request.form["template"]).render()


def paginate(count):
    # ok: PY-TEMPLATE-INJECTION
    return render_template_string("<p>" + str(len(count)) + " items</p>")


def load_template(path):
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    # A template read from the application's own files.
    # ok: PY-TEMPLATE-INJECTION
    return jinja2.Template(source, autoescape=True)


def render_user_template(source, context):
    # A template source handed in by the caller: user-editable templates run on the server.
    # ruleid: PY-TEMPLATE-INJECTION
    return jinja2.Template(source).render(**context)


def render_notice(template_text, **values):
    # ok: PY-TEMPLATE-INJECTION
    return jinja2.Template(template_text, autoescape=True).render(**values)


WELCOME = render_notice("Welcome, {{ name }}!", name="guest")


def render_footer(invoice):
    if not invoice.footer_template:
        return ""
    # Template text a customer edits in the billing settings, stored with the record.
    # ruleid: PY-TEMPLATE-INJECTION
    return jinja2.Template(invoice.footer_template).render(invoice=invoice)


def render_campaign_email(campaign_id, user):
    campaign = Campaign.objects.get(pk=campaign_id)
    body = campaign.body_template or ""
    # ruleid: PY-TEMPLATE-INJECTION
    return env.from_string(body).render(user=user)


def render_cms_page(request, slug):
    page = Page.objects.get(slug=slug)
    # ruleid: PY-TEMPLATE-INJECTION
    return HttpResponse(DjangoTemplate(page.content).render(Context({"user": request.user})))


def render_footer_v2(invoice):
    # The stored text is a render variable of a constant template.
    # ok: PY-TEMPLATE-INJECTION
    return env.from_string("<footer>{{ text }}</footer>").render(text=invoice.footer_template or "")


def render_footer_sandboxed(invoice):
    sandbox = SandboxedEnvironment()
    # ok: PY-TEMPLATE-INJECTION
    return sandbox.from_string(invoice.footer_template).render(invoice=invoice)


class Notifier:
    def __init__(self, template):
        self.template = template

    def render(self, **values):
        # The application's own configuration, not a record users edit.
        # ok: PY-TEMPLATE-INJECTION
        return jinja2.Template(self.template).render(**values)


def render_settings_banner(settings):
    # ok: PY-TEMPLATE-INJECTION
    return jinja2.Template(settings.banner_template).render()


def render_remote(client):
    resp = client.get("https://templates.internal.example/footer.j2")
    # A downloaded document, not a stored record (other rules judge where it comes from).
    # ok: PY-TEMPLATE-INJECTION
    return jinja2.Template(resp.content).render()


# Bottle: template() treats a first argument containing template syntax as the template's source.
import bottle
from bottle import template


@bottle.get("/status")
def order_status():
    ref = bottle.request.query.ref
    # ruleid: PY-TEMPLATE-INJECTION
    return template("<p>No order called " + ref + "</p>")


@bottle.get("/hello")
def bottle_hello():
    name = bottle.request.query.name or "friend"
    # ok: PY-TEMPLATE-INJECTION
    return template("<p>Hello {{name}}, welcome back!</p>", name=name)


@bottle.get("/status2")
def order_status_file():
    ref = bottle.request.query.ref
    # ok: PY-TEMPLATE-INJECTION
    return template("status", ref=ref)


@bottle.post("/preview")
def preview_card():
    # ruleid: PY-TEMPLATE-INJECTION
    return bottle.SimpleTemplate(bottle.request.forms.get("card")).render(name="x")
