import bleach
import markdown
from django import template
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = ["p", "a", "strong", "em", "ul", "ol", "li", "code", "pre", "blockquote", "h3", "h4"]
ALLOWED_ATTRS = {"a": ["href", "title"]}
LEVEL_ICONS = {"beginner": "&#9733;", "intermediate": "&#9733;&#9733;", "advanced": "&#9733;&#9733;&#9733;"}


@register.filter
def highlight(text, term):
    if not term:
        return text
    return mark_safe(text.replace(term, f"<mark>{term}</mark>"))  # VULN: CWE-79


@register.filter(needs_autoescape=True)
def highlight_escaped(text, term, autoescape=True):
    esc = conditional_escape if autoescape else (lambda x: x)
    text, term = esc(text), esc(term)
    if not term:
        return mark_safe(text)
    return mark_safe(text.replace(term, f"<mark>{term}</mark>"))  # SAFE: CWE-79


@register.simple_tag
def progress_bar(pct):
    return format_html('<div class="bar" style="width:{}%"></div>', int(pct))  # SAFE: CWE-79


@register.filter
def render_markdown(src):
    html = markdown.markdown(src or "")
    return mark_safe(bleach.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS))  # SAFE: CWE-79


@register.filter
def render_markdown_fast(src):
    """Skips bleach for long lessons; lesson bodies come from instructors and forum posts."""
    return mark_safe(markdown.markdown(src or ""))  # VULN: CWE-79


@register.simple_tag
def instructor_bio(instructor):
    return mark_safe("<p class='bio'>%s</p>" % instructor.bio)  # VULN: CWE-79


@register.simple_tag
def level_icon(level):
    return mark_safe(LEVEL_ICONS.get(level, ""))  # SAFE: CWE-79


@register.simple_tag
def tag_list(tags):
    return format_html_join(", ", '<a href="/tags/{}/">{}</a>', ((t.slug, t.name) for t in tags))  # SAFE: CWE-79


@register.simple_tag
def lesson_count(course):
    return template.Template("{{ n }} lesson{{ n|pluralize }}").render(template.Context({"n": course.lessons.count()}))  # SAFE: CWE-1336


@register.simple_tag
def student_initials(user):
    initials = "".join(part[:1] for part in (user.first_name, user.last_name))
    return mark_safe('<span class="avatar">' + escape(initials.upper()) + "</span>")  # SAFE: CWE-79
