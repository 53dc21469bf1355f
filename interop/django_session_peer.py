#!/usr/bin/python3
"""A real Django 3.2 app sharing this app's ``django_session`` table and SECRET_KEY, on SQLite or PostgreSQL.

Usage (Debian's python3-django lives under /usr/bin/python3):
  /usr/bin/python3 django_session_peer.py DB_PATH SECRET_KEY read SESSION_KEY
      -> {"exists": bool, "data": {...}, "session_key": str|null, "expire_date": str|null, "expiry_age": ...}
  /usr/bin/python3 django_session_peer.py DB_PATH SECRET_KEY write '{"json": "object"}'
      -> {"session_key": "..."}
  /usr/bin/python3 django_session_peer.py DB_PATH SECRET_KEY migrate -
      -> {"migrated": true}   (Django creates its own tables first; the .NET app must then adopt them)

DB_PATH is a SQLite file, or ``postgresql://USER@HOST:PORT/NAME`` for Django's postgresql backend (Debian's
python3-psycopg2), as the PostgreSQL interop tests pass it.

The interop tests (BlazorSessionDemo.Tests/Interop) drive it to prove both apps read each other's sessions.
Settings, the command line and the output are django_peer.py's.
"""
import sys
from urllib.parse import urlsplit

import django_peer


def database(db_path):
    if db_path.startswith('postgresql://'):
        url = urlsplit(db_path)
        return {'ENGINE': 'django.db.backends.postgresql', 'NAME': url.path.lstrip('/'), 'USER': url.username,
                'HOST': url.hostname, 'PORT': str(url.port)}
    return {'ENGINE': 'django.db.backends.sqlite3', 'NAME': db_path}


def configure(db_path, secret_key):
    # No migrate: the table is created by the .NET app's EF Core migration, which is exactly what is under test.
    django_peer.configure(secret_key, DATABASES={'default': database(db_path)})


def read(session_key):
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    store = SessionStore(session_key=session_key)
    # The dict API loads lazily: _get_session_from_db filters on expire_date > now and decodes with SECRET_KEY.
    # Unknown or expired: {} and the key is dropped; tampered or foreign data: {} and the key is kept.
    data = dict(store.items())
    # The raw column as Django's sqlite converter parses it, expired or not (proves the text format is shared).
    expire_date = Session.objects.filter(session_key=session_key).values_list('expire_date', flat=True).first()
    return {
        # SessionStore.exists(): does a row with this key exist (Django does not look at expire_date here).
        'exists': store.exists(session_key),
        'data': data,
        'session_key': store.session_key,
        'expire_date': expire_date.isoformat() if expire_date else None,
        # Django's own reading of "_session_expiry" (seconds of inactivity, or the cookie age when absent).
        'expiry_age': store.get_expiry_age() if data else None,
    }


def write(payload):
    from django.contrib.sessions.backends.db import SessionStore

    # create(): a fresh key, INSERT with must_create, expire_date = now + cookie age.
    return {'session_key': django_peer.save_new(SessionStore, payload, 'write').session_key}


def migrate():
    from django.core.management import call_command
    call_command('migrate', verbosity=0)
    return {'migrated': True}


VERBS = {'read': read, 'write': write, 'migrate': lambda _: migrate()}


if __name__ == '__main__':
    django_peer.run(sys.argv, __doc__, VERBS, configure)
