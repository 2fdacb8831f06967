INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "accounts"]
AUTH_USER_MODEL = "accounts.User"

# ruleid: PY-DJANGO-WEAK-PASSWORD-HASHER
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

PASSWORD_HASHERS = [
    # ruleid: PY-DJANGO-WEAK-PASSWORD-HASHER
    "django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

PASSWORD_HASHERS = (
    # ruleid: PY-DJANGO-WEAK-PASSWORD-HASHER
    "django.contrib.auth.hashers.SHA1PasswordHasher",
)

# ruleid: PY-DJANGO-WEAK-PASSWORD-HASHER
PASSWORD_HASHERS.insert(0, "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher")

PASSWORD_HASHERS = [
    # ok: PY-DJANGO-WEAK-PASSWORD-HASHER
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # ok: PY-DJANGO-WEAK-PASSWORD-HASHER
    "django.contrib.auth.hashers.MD5PasswordHasher",
]

PASSWORD_HASHERS = [
    # ok: PY-DJANGO-WEAK-PASSWORD-HASHER
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# ok: PY-DJANGO-WEAK-PASSWORD-HASHER
LEGACY_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def passlib_contexts():
    from passlib.context import CryptContext

    # ruleid: PY-DJANGO-WEAK-PASSWORD-HASHER
    legacy = CryptContext(schemes=["md5_crypt"])
    # ok: PY-DJANGO-WEAK-PASSWORD-HASHER
    modern = CryptContext(schemes=["argon2", "md5_crypt"], deprecated="auto")
    return legacy, modern
