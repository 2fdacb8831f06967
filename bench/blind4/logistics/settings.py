"""Django settings for the Nordkurier Logistik internal portal (dispatch + customer API).

This is the production settings module (DJANGO_SETTINGS_MODULE=portal.settings);
local overrides live in settings_local.py, which is git-ignored.
"""
from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-7h$k2!qz9@m4x#p8v1w&r5t0y3u6i-e_nordkurier"  # VULN: CWE-798
FIELD_ENCRYPTION_KEY = os.environ["PORTAL_FIELD_KEY"]  # SAFE: CWE-798

DEBUG = True  # VULN: CWE-489

ALLOWED_HOSTS = ["*"]  # VULN: CWE-183

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "corsheaders",
    "dispatch",
    "tracking",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

PORTAL_DB_PASSWORD = os.environ.get("PORTAL_DB_PASSWORD", "")  # SAFE: CWE-798
LEGACY_WMS_PASSWORD = "Wms2017readonly!"  # VULN: CWE-798

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PORTAL_DB_NAME", "portal"),
        "USER": os.environ.get("PORTAL_DB_USER", "portal"),
        "PASSWORD": PORTAL_DB_PASSWORD,
        "HOST": os.environ.get("PORTAL_DB_HOST", "db.internal"),
        "PORT": "5432",
    },
    "legacy_wms": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": "wms",
        "USER": "wms_ro",
        "PASSWORD": LEGACY_WMS_PASSWORD,
        "HOST": "wms-db.internal",
    },
}

# MD5 first so the accounts imported from the old portal keep working
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # VULN: CWE-916

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

CORS_ALLOW_ALL_ORIGINS = True  # VULN: CWE-942
CORS_ALLOW_CREDENTIALS = True

SESSION_COOKIE_SECURE = False  # VULN: CWE-614
SESSION_COOKIE_HTTPONLY = True  # SAFE: CWE-1004
CSRF_COOKIE_SECURE = True  # SAFE: CWE-614
CSRF_TRUSTED_ORIGINS = ["https://portal.nordkurier-logistik.example"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "tracking.api.exception_handler",
}

EMAIL_HOST = "smtp.nordkurier-logistik.example"
EMAIL_HOST_USER = "portal@nordkurier-logistik.example"
EMAIL_HOST_PASSWORD = os.environ.get("PORTAL_SMTP_PASSWORD")  # SAFE: CWE-798
EMAIL_USE_TLS = True

CARRIER_API_TOKEN_HEADER = "X-Carrier-Token"  # SAFE: CWE-798
LABEL_ROOT = "/srv/portal/labels"
MEDIA_ROOT = BASE_DIR / "media"
STATIC_ROOT = BASE_DIR / "static"

FILE_UPLOAD_PERMISSIONS = 0o644  # SAFE: CWE-732
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755

LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}

try:
    from .settings_local import *  # local overrides, see module docstring
except ImportError:
    pass
