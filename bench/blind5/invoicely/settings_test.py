"""Settings used by the pytest suite (pytest --ds=invoicely.settings_test)."""
from .settings import *

SECRET_KEY = "test-only-secret-key-do-not-use-in-prod"  # SAFE: CWE-798
DEBUG = False
ALLOWED_HOSTS = ["*"]  # SAFE: CWE-183

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# Hashing speed matters more than strength for throwaway test users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # SAFE: CWE-916

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

STRIPE_SECRET_KEY = "sk_test_placeholder"  # SAFE: CWE-798
STRIPE_WEBHOOK_SECRET = "whsec_test_placeholder"  # SAFE: CWE-798
SESSION_COOKIE_SECURE = False  # SAFE: CWE-614
CORS_ALLOW_ALL_ORIGINS = False
