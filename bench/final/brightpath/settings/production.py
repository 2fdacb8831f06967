"""Production settings for app.brightpath-learning.example (ECS behind an ALB)."""
import os

from .base import *  # the usual Django settings layering

DEBUG = False  # SAFE: CWE-489
ALLOWED_HOSTS = ["*"]  # VULN: CWE-183

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True

SESSION_COOKIE_SECURE = True  # SAFE: CWE-614
SESSION_COOKIE_HTTPONLY = True  # SAFE: CWE-1004
CSRF_COOKIE_SECURE = False  # VULN: CWE-614
CSRF_TRUSTED_ORIGINS = ["https://app.brightpath-learning.example"]

# the mobile app team asked for this while they test from Expo
CORS_ALLOW_ALL_ORIGINS = True  # VULN: CWE-942
CORS_ALLOW_CREDENTIALS = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "email-smtp.eu-west-1.amazonaws.com"
EMAIL_PORT = 587
EMAIL_USE_TLS = True  # SAFE: CWE-319
EMAIL_HOST_USER = "AKIA5XQ2RTLM7VWZ4NHC"
EMAIL_HOST_PASSWORD = "BFq9Lr2XvT8mKp4Wz1Ns7Yc3Hd6Jg0Ae5Ub2Oi9Rt4Sl"  # VULN: CWE-798

AWS_STORAGE_BUCKET_NAME = "brightpath-media-prod"
AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]  # SAFE: CWE-798
AWS_DEFAULT_ACL = "public-read"

SENTRY_DSN = os.environ.get("SENTRY_DSN")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://cache.internal:6379/1"),
    }
}
