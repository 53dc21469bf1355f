"""Creates the baseline's SQLite database (migrations, WAL as BlazorSessionDemo uses, user alice)."""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
import django  # noqa: E402

django.setup()
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

call_command("migrate", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode=WAL;")
if not User.objects.filter(username="alice").exists():
    User.objects.create_user("alice", "alice@example.com", "alice-password")
