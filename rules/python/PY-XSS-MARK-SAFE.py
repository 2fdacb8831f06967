from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from flask import Flask, request
from markupsafe import Markup
import markupsafe

register = template.Library()
app = Flask(__name__)
FOOTER = "<footer>&copy; Example Ltd</footer>"


def badge(user):
    # ruleid: PY-XSS-MARK-SAFE
    return mark_safe(f"<span class='badge'>{user.display_name}</span>")


@register.filter
def highlight(text, word):
    # ruleid: PY-XSS-MARK-SAFE
    return mark_safe(text.replace(word, "<mark>" + word + "</mark>"))


def user_link(user):
    html = '<a href="/users/%s">%s</a>' % (user.pk, user.username)
    # ruleid: PY-XSS-MARK-SAFE
    return SafeString(html)


@app.route("/greet")
def greet():
    name = request.args.get("name", "")
    # ruleid: PY-XSS-MARK-SAFE
    return Markup("<h1>Hello {}</h1>".format(name))


def comment_html(comment):
    # ruleid: PY-XSS-MARK-SAFE
    return markupsafe.Markup("<p>" + comment.body + "</p>")


def tag_list(tags):
    items = ""
    for tag in tags:
        items += f"<li>{tag.name}</li>"
    # ruleid: PY-XSS-MARK-SAFE
    return mark_safe(f"<ul>{items}</ul>")


def title_html(title):
    # format_html cannot escape what the f-string already inserted.
    # ruleid: PY-XSS-MARK-SAFE
    return format_html(f"<h2>{title}</h2>")


def safe_badge(user):
    # ok: PY-XSS-MARK-SAFE
    return format_html("<span class='badge'>{}</span>", user.display_name)


def safe_markup(name):
    # Markup.format escapes its arguments.
    # ok: PY-XSS-MARK-SAFE
    return Markup("<h1>Hello {}</h1>").format(name)


def safe_percent(name):
    # ok: PY-XSS-MARK-SAFE
    return Markup("<b>%s</b>") % name


def footer():
    # ok: PY-XSS-MARK-SAFE
    return mark_safe(FOOTER)


def escaped_highlight(text, word):
    # ok: PY-XSS-MARK-SAFE
    return mark_safe(escape(text).replace(escape(word), "<mark>%s</mark>" % escape(word)))


def rendered_widget(context):
    # ok: PY-XSS-MARK-SAFE
    return mark_safe(render_to_string("widgets/card.html", context))


def tag_rows(tags):
    rows = format_html_join("\n", "<li>{}</li>", ((t.name,) for t in tags))
    # ok: PY-XSS-MARK-SAFE
    return mark_safe(f"<ul>{rows}</ul>")


def banner():
    # ok: PY-XSS-MARK-SAFE
    return mark_safe(settings.SITE_BANNER_HTML)


LEVEL_ICONS = {"beginner": "&#9733;", "intermediate": "&#9733;&#9733;", "advanced": "&#9733;&#9733;&#9733;"}
STATUS_BADGES = {"draft": "<span class='badge'>draft</span>", "live": "<span class='badge ok'>live</span>"}


def level_icon(level):
    # A look-up in a module-level table of literal HTML.
    # ok: PY-XSS-MARK-SAFE
    return mark_safe(LEVEL_ICONS.get(level, ""))


def status_badge(status):
    # ok: PY-XSS-MARK-SAFE
    return mark_safe(STATUS_BADGES[status])


def level_label(level):
    # The default is the caller's text.
    # ruleid: PY-XSS-MARK-SAFE
    return mark_safe(LEVEL_ICONS.get(level, level))


def highlight_escaped(text, term, autoescape=True):
    # Django's documented pattern for filters with needs_autoescape=True.
    esc = conditional_escape if autoescape else (lambda x: x)
    text, term = esc(text), esc(term)
    # ok: PY-XSS-MARK-SAFE
    return mark_safe(text.replace(term, f"<mark>{term}</mark>"))


def highlight_stripped(text, term):
    text = escape(text).strip()
    term = escape(term)
    # ok: PY-XSS-MARK-SAFE
    return mark_safe(text.replace(term, f"<mark>{term}</mark>"))


def highlight_raw(text, term):
    # ruleid: PY-XSS-MARK-SAFE
    return mark_safe(text.replace(term, f"<mark>{term}</mark>"))


def highlight_half_escaped(text, term):
    term = escape(term)
    # `text` was never escaped.
    # ruleid: PY-XSS-MARK-SAFE
    return mark_safe(text.replace(term, f"<mark>{term}</mark>"))
