"""Django settings for the shop project."""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "shop",
]
ROOT_URLCONF = "shop.urls"

# ruleid: PY-DJANGO-DEBUG
DEBUG = True

# ruleid: PY-DJANGO-DEBUG
DEBUG = TEMPLATE_DEBUG = True

# ruleid: PY-DJANGO-DEBUG
DEBUG = os.environ.get("DJANGO_DEBUG", "True") == "True"

# ruleid: PY-DJANGO-DEBUG
DEBUG = env.bool("DJANGO_DEBUG", default=True)

# ok: PY-DJANGO-DEBUG
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"

# ok: PY-DJANGO-DEBUG
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# ok: PY-DJANGO-DEBUG
DEBUG = False

if os.environ.get("DJANGO_ENV") == "development":
    # ok: PY-DJANGO-DEBUG
    DEBUG = True


def show_toolbar(request):
    # ok: PY-DJANGO-DEBUG
    DEBUG = True
    return DEBUG and request.user.is_staff


def make_api():
    from fastapi import FastAPI

    # ruleid: PY-DJANGO-DEBUG
    api = FastAPI(title="Reports API", debug=True)
    # ok: PY-DJANGO-DEBUG
    internal = FastAPI(title="Internal", debug=os.environ.get("API_DEBUG") == "1")
    return api, internal
