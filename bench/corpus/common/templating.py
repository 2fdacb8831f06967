"""Template rendering for HTML pages, transactional e-mails and plain-text reports."""
import logging

from django.template import Context, Template as DjangoTemplate
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

log = logging.getLogger(__name__)

pages = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape(["html", "xml"]))  # SAFE: CWE-79
emails = Environment(loader=FileSystemLoader("templates/email"))  # VULN: CWE-79
widgets = Environment(loader=FileSystemLoader("templates/widgets"), autoescape=False)  # VULN: CWE-79
plain_text = Environment(loader=FileSystemLoader("templates/text"), autoescape=False, keep_trailing_newline=True)  # SAFE: CWE-79
sandbox = SandboxedEnvironment(autoescape=True)


def render_page(name, **ctx):
    return pages.get_template(name).render(**ctx)


def render_order_email(order, customer_note):
    return emails.get_template("order.html").render(order=order, note=customer_note)


def render_widget(name, user_title):
    return widgets.get_template(name + ".html").render(title=user_title)


def render_text_report(rows):
    return plain_text.get_template("report.txt").render(rows=rows)


def render_user_template(source, ctx):
    return Template(source).render(**ctx)  # VULN: CWE-1336


def render_user_template_sandboxed(source, ctx):
    return sandbox.from_string(source).render(**ctx)  # SAFE: CWE-1336


def render_django_snippet(snippet, ctx):
    return DjangoTemplate(snippet).render(Context(ctx))  # VULN: CWE-1336


def render_fixed_greeting(name):
    return Template("Hello {{ name }}!", autoescape=True).render(name=name)  # SAFE: CWE-1336


def highlight(term, text):
    return Markup(text.replace(term, f"<mark>{term}</mark>"))  # VULN: CWE-79


def highlight_v2(term, text):
    return Markup(escape(text).replace(escape(term), Markup("<mark>%s</mark>") % term))  # SAFE: CWE-79


def badge(label):
    return Markup('<span class="badge">{}</span>').format(label)  # SAFE: CWE-79
