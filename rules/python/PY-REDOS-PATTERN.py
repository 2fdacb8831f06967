import re

import regex
from django.core.validators import RegexValidator
from django.db import models
from django.urls import re_path
from wtforms.validators import Regexp

# A quantifier inside a quantifier over text both can match.
# ruleid: PY-REDOS-PATTERN
ROUTE_NAME_RE = re.compile(r"^([A-Za-z0-9]+\s?)*$")
# ruleid: PY-REDOS-PATTERN
SKILL_RE = re.compile(r"^(\w+,?\s*)+$")
# Every repetition needs its separator: linear.
# ok: PY-REDOS-PATTERN
TAGS_RE = re.compile(r"^\w+(?:,\s*\w+)*$")
# ok: PY-REDOS-PATTERN
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# ok: PY-REDOS-PATTERN
IPV4_RE = re.compile(r"^(\d{1,3}\.){3}\d{1,3}$")
# ok: PY-REDOS-PATTERN
DEVICE_ID_RE = re.compile(r"^[A-Z0-9]{12}$")
# ok: PY-REDOS-PATTERN
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
# Possessive quantifiers and atomic groups (Python 3.11+) do not backtrack.
# ok: PY-REDOS-PATTERN
ROUTE_NAME_POSSESSIVE_RE = re.compile(r"^(?:[A-Za-z0-9]++\s?)*+$")
# ok: PY-REDOS-PATTERN
WORDS_ATOMIC_RE = re.compile(r"^(?>\w+\s?)*$")

# Alternatives that overlap: a backslash is both `\\.` and `[^"]`.
# ruleid: PY-REDOS-PATTERN
QUOTED_RE = re.compile(r'"(?:\\.|[^"])*"$')
# Disjoint alternatives: one way to read each character.
# ok: PY-REDOS-PATTERN
QUOTED_SAFE_RE = re.compile(r'"(?:[^"\\]|\\.)*"$')
# ok: PY-REDOS-PATTERN
ANY_LINE_RE = re.compile(r"(?:.|\n)*END")

# A constant used by re.match: reported where the pattern is written.
# ruleid: PY-REDOS-PATTERN
JAVA_CLASS = r"^(([a-z])+.)+[A-Z]([a-z])+$"
# Nothing follows the loop and the match need not reach the end: it always succeeds at once.
# ok: PY-REDOS-PATTERN
LEADING_WORDS = r"(\w+\s?)*"
# Quadratic at worst, not exponential.
# ok: PY-REDOS-PATTERN
TRIM = r"^\s*(.*?)\s*$"


def is_java_class(name):
    return re.match(JAVA_CLASS, name) is not None


def leading_words(text):
    return re.match(LEADING_WORDS, text).group(0)


def trimmed(text):
    return re.match(TRIM, text).group(1)


def parse_header(value):
    # ruleid: PY-REDOS-PATTERN
    return re.findall(r"(?:.*,)*[ \t]*([^ \t]+)[ \t]+realm=(\S+)", value, re.I)


def valid_labels(value):
    # A large upper bound repeats like *.
    # ruleid: PY-REDOS-PATTERN
    return regex.fullmatch(r"(\w+\s?){1,64}", value) is not None


def small_bound(value):
    # ok: PY-REDOS-PATTERN
    return re.fullmatch(r"(\w+\s?){1,3}", value) is not None


def verbose(value):
    # ok: PY-REDOS-PATTERN
    return re.match(r"""
        ^(?P<major>\d+)      # major
        \.(?P<minor>\d+)     # minor
        (?:\.(?P<patch>\d+))?$
    """, value, re.VERBOSE)


class Volunteer(models.Model):
    skills = models.CharField(
        max_length=500,
        # ruleid: PY-REDOS-PATTERN
        validators=[RegexValidator(r"^([a-zA-Z]+\s*,?\s*)*$", "comma-separated skills")],
    )
    nickname = models.CharField(
        max_length=40,
        # ok: PY-REDOS-PATTERN
        validators=[RegexValidator(r"^[a-zA-Z][a-zA-Z0-9_]*$")],
    )


# ruleid: PY-REDOS-PATTERN
team_name = Regexp(r"^(\d+|\w+)+-team$")

urlpatterns = [
    # ok: PY-REDOS-PATTERN
    re_path(r"^articles/(?P<year>[0-9]{4})/(?P<slug>[\w-]+)/$", lambda request: None),
]
