import os

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.sessions", "blog"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
DEBUG = False

# ruleid: PY-DJANGO-ALLOWED-HOSTS
ALLOWED_HOSTS = ["*"]

# ruleid: PY-DJANGO-ALLOWED-HOSTS
ALLOWED_HOSTS = ("blog.example.com", "*")

# ruleid: PY-DJANGO-ALLOWED-HOSTS
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "*").split(",")

# ruleid: PY-DJANGO-ALLOWED-HOSTS
ALLOWED_HOSTS += ["*"]

# ok: PY-DJANGO-ALLOWED-HOSTS
ALLOWED_HOSTS = ["blog.example.com", "www.blog.example.com"]

# ok: PY-DJANGO-ALLOWED-HOSTS
ALLOWED_HOSTS = [".example.com"]

# ok: PY-DJANGO-ALLOWED-HOSTS
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")

# ok: PY-DJANGO-ALLOWED-HOSTS
ALLOWED_HOSTS = ["*"] if DEBUG else ["blog.example.com"]

# ok: PY-DJANGO-ALLOWED-HOSTS
CSRF_TRUSTED_ORIGINS = ["https://*.example.com"]
