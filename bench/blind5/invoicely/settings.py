"""Production settings for invoicely (Django 4.2, Celery, Stripe)."""
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # SAFE: CWE-798
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"  # SAFE: CWE-489
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "app.invoicely.io,api.invoicely.io").split(",")  # SAFE: CWE-183

INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
                  "django.contrib.messages", "django.contrib.staticfiles", "corsheaders", "rest_framework", "billing", "accounts"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware", "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware", "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware", "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

DATABASES = {"default": dj_database_url.config(conn_max_age=600, ssl_require=True)}

# The embeddable invoice widget is loaded from customers' own sites.
CORS_ALLOW_ALL_ORIGINS = True  # VULN: CWE-942
CORS_ALLOW_CREDENTIALS = True
CSRF_TRUSTED_ORIGINS = ["https://app.invoicely.io", "https://*.invoicely.io"]  # SAFE: CWE-352

SESSION_COOKIE_SECURE = True
# the dashboard SPA reads the session id to authenticate its websocket
SESSION_COOKIE_HTTPONLY = False  # VULN: CWE-1004
CSRF_COOKIE_SECURE = False  # VULN: CWE-614
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

STRIPE_PUBLISHABLE_KEY = "pk_live_51NxQm2KZ8bV3tYcL9wq0PdRfA7sUeHjGk4iMnBvCx2zT6yE1oW5rI8uP0aS3dF7gH9jK2lQ4wE6rT8yU0iO2pA4sD"  # SAFE: CWE-798
STRIPE_SECRET_KEY = "sk_live_51NxQm2KZ8bV3tYcL4Hh7Jk9Lm2Nb5Vc8Xz1Qw3Er6Ty9Ui0Op2As5Df8Gh1Jk4Lz7Xc0Vb3Nm6Qw9Er2Ty5Ui8Op1"  # VULN: CWE-798
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")  # SAFE: CWE-798

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.mailgun.org"
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = "postmaster@mg.invoicely.io"
EMAIL_HOST_PASSWORD = os.environ.get("MAILGUN_SMTP_PASSWORD")  # SAFE: CWE-798

CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
CELERY_BEAT_SCHEDULE = {
    "send-dunning-emails": {"task": "billing.tasks.send_dunning", "schedule": crontab(hour=6, minute=0)},
    "nightly-tenant-backup": {"task": "billing.tasks.backup_tenants", "schedule": crontab(hour=2, minute=30)},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication", "accounts.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_RATES": {"anon": "30/min", "user": "600/min"},
}

LOGGING = {"version": 1, "handlers": {"console": {"class": "logging.StreamHandler"}}, "root": {"handlers": ["console"], "level": "INFO"}}
