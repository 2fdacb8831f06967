"""Django settings for the inventory project (shared and local development)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = "django-insecure-7h#x!k2$9m@q4w8e^r1t&y6u(i0o-p3a+s5d=f_gEXAMPLE"  # VULN: CWE-798

DEBUG = True  # VULN: CWE-489

ALLOWED_HOSTS = ["*"]  # VULN: CWE-183

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "inventory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "inventory.middleware.TenantMiddleware",
]

ROOT_URLCONF = "inventory.urls"
WSGI_APPLICATION = "inventory.wsgi.application"

DB_PASSWORD = "inventory123"  # VULN: CWE-798

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "inventory",
        "USER": "inventory",
        "PASSWORD": DB_PASSWORD,
        "HOST": os.environ.get("DB_HOST", "localhost"),
        "PORT": "5432",
    }
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # VULN: CWE-916

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

PASSWORD_RESET_TIMEOUT = 3600  # SAFE: CWE-798

SESSION_COOKIE_SECURE = False  # VULN: CWE-614
CSRF_COOKIE_SECURE = False  # VULN: CWE-614
SESSION_COOKIE_HTTPONLY = False  # VULN: CWE-1004

CORS_ALLOW_ALL_ORIGINS = True  # VULN: CWE-942
CORS_ALLOW_CREDENTIALS = True

EMAIL_HOST = "smtp.example.com"
EMAIL_HOST_USER = "inventory@example.com"
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")  # SAFE: CWE-798
EMAIL_USE_TLS = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_TZ = True
STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
