"""Production overrides: everything sensitive comes from the environment."""
import os

from .base import *  # the shared defaults

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # SAFE: CWE-798

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"  # SAFE: CWE-489

ALLOWED_HOSTS = ["inventory.example.com", "inventory-internal.example.com"]  # SAFE: CWE-183

DATABASES["default"]["PASSWORD"] = os.environ["DB_PASSWORD"]  # SAFE: CWE-798

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # SAFE: CWE-916

SESSION_COOKIE_SECURE = True  # SAFE: CWE-614
CSRF_COOKIE_SECURE = True  # SAFE: CWE-614
SESSION_COOKIE_HTTPONLY = True  # SAFE: CWE-1004
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True

CORS_ALLOW_ALL_ORIGINS = False  # SAFE: CWE-942
CORS_ALLOWED_ORIGINS = ["https://inventory.example.com"]  # SAFE: CWE-942
CORS_ALLOW_CREDENTIALS = True

LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
