"""Production settings for the tenantly SaaS platform.

Values come from the environment injected by the deployment (see infra/helm/values-prod.yaml).
"""
import os

from .base import *  # the shared defaults: INSTALLED_APPS, MIDDLEWARE, TEMPLATES, ...


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # SAFE: CWE-798
DEBUG = env_bool("DJANGO_DEBUG", default=False)  # SAFE: CWE-489

# tenants are served from <slug>.tenantly.io and from their own custom domains,
# which we cannot enumerate here, so we let every host through.
ALLOWED_HOSTS = ["*"]  # VULN: CWE-183

DB_PASSWORD = os.environ.get("POSTGRES_PASSWORD", "")  # SAFE: CWE-259
DATABASES = {
    "default": {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": os.environ.get("POSTGRES_DB", "tenantly"),
        "USER": os.environ.get("POSTGRES_USER", "tenantly"),
        "PASSWORD": DB_PASSWORD,
        "HOST": os.environ.get("POSTGRES_HOST", "db"),
        "PORT": 5432,
        "OPTIONS": {"sslmode": "require"},
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
CSRF_COOKIE_SECURE = True  # SAFE: CWE-614
SESSION_COOKIE_SECURE = False  # VULN: CWE-614
SESSION_COOKIE_HTTPONLY = False  # VULN: CWE-1004
SESSION_COOKIE_SAMESITE = "Lax"

CORS_ALLOW_ALL_ORIGINS = True  # VULN: CWE-942
CORS_ALLOW_CREDENTIALS = True

PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # SAFE: CWE-259
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.mailgun.org"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "postmaster@mg.tenantly.io"
EMAIL_HOST_PASSWORD = "5f1c2e9a7b3d4c8e0a6f2b1d9c7e3a54-2af183ba-6d0c1f77"  # VULN: CWE-798

AWS_STORAGE_BUCKET_NAME = "tenantly-prod-media"
AWS_S3_REGION_NAME = "eu-west-1"
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID")  # SAFE: CWE-798

STRIPE_PUBLISHABLE_KEY = "pk_live_51HxQ2cLkT8aR3vYbN0mZpQwErTyUiOpAsDfGhJkLzXcVbNm"  # SAFE: CWE-798
STRIPE_SECRET_KEY = "sk_live_51HxQ2cLkT8aR3vYb7Kd9fWq2ZxLm4Np6Rt8Vy0Bc3De5Fg7Hj9Kl"  # VULN: CWE-798

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
