"""Settings for the CI test run (pytest --ds=tenantly.settings.ci)."""
from .base import *

DEBUG = True  # SAFE: CWE-489
SECRET_KEY = "ci-only-not-a-secret"
ALLOWED_HOSTS = ["testserver", "localhost"]  # SAFE: CWE-183

# the default PBKDF2 hasher makes the suite ten times slower; the test users are throwaway
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # SAFE: CWE-916

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
