import string

import jinja2
import mako.template
from mako import template as mako_templates
from mako.lookup import TemplateLookup
from mako.template import Template


def render_greeting(name):
    # ruleid: PY-MAKO-TEMPLATE
    return Template("<p>Hello ${name}</p>").render(name=name)


def render_invoice(path, invoice):
    # ruleid: PY-MAKO-TEMPLATE
    tpl = mako.template.Template(filename=path)
    return tpl.render(invoice=invoice)


def render_report(rows):
    # ruleid: PY-MAKO-TEMPLATE
    return mako_templates.Template("<table>% for r in rows:\n<tr><td>${r}</td></tr>\n% endfor</table>").render(rows=rows)


# One lookup for the whole application, escaping every ${...} by default.
# ok: PY-MAKO-TEMPLATE
lookup = TemplateLookup(directories=["templates"], default_filters=["h"])


def render_page(name):
    # ok: PY-MAKO-TEMPLATE
    return lookup.get_template("page.html").render(name=name)


def render_jinja(name):
    # ok: PY-MAKO-TEMPLATE
    return jinja2.Template("<p>{{ name }}</p>", autoescape=True).render(name=name)


def render_subject(order_id):
    # ok: PY-MAKO-TEMPLATE
    return string.Template("Order $order_id shipped").substitute(order_id=order_id)
