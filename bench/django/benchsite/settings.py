"""Django 3.2 baseline for bench/run.sh: the same endpoints as BlazorSessionDemo (E0-E3), one session engine per run.

Environment: BENCH_SESSION_ENGINE = db | cache | signed_cookies, BENCH_DB (SQLite file), BENCH_REDIS_URL (the
cache engine's store: django-redis, because two gunicorn workers cannot share Django's in-process locmem cache).
"""
import os

ENGINE = os.environ.get("BENCH_SESSION_ENGINE", "db")
SECRET_KEY = "bench-only-secret-key-not-used-anywhere-else-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "benchsite.urls"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
]
MIDDLEWARE = ["benchsite.middleware.BenchSessionMiddleware"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("BENCH_DB", "/tmp/bench-django.sqlite3"),
        "OPTIONS": {"timeout": 20},
    }
}
SESSION_ENGINE = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "signed_cookies": "django.contrib.sessions.backends.signed_cookies",
}[ENGINE]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if ENGINE == "cache":
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": os.environ["BENCH_REDIS_URL"]}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
