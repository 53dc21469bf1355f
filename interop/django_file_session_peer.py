#!/usr/bin/python3
"""A real Django 3.2 app on SESSION_ENGINE='django.contrib.sessions.backends.file', sharing this app's session folder
(SESSION_FILE_PATH) and SECRET_KEY. The file engine's counterpart of django_session_peer.py.

Usage (Debian's python3-django lives under /usr/bin/python3):
  /usr/bin/python3 django_file_session_peer.py FOLDER SECRET_KEY read SESSION_KEY
      -> {"exists": bool, "data": {...}, "session_key": str|null, "file_exists_after": bool, "expiry_age": ...}
  /usr/bin/python3 django_file_session_peer.py FOLDER SECRET_KEY write '{"json": "object"}'
      -> {"session_key": "..."}
  /usr/bin/python3 django_file_session_peer.py FOLDER SECRET_KEY update 'SESSION_KEY {"json": "object"}'
      -> {"session_key": "..."}  (loads the session, applies the items, saves)
  /usr/bin/python3 django_file_session_peer.py FOLDER SECRET_KEY clear -
      -> {"files": [names left in FOLDER, sorted]}  (SessionStore.clear_expired(), i.e. manage.py clearsessions)

The tests in BlazorSessionDemo.Tests/Engines/File drive it to prove both apps read each other's session files.
Settings, the command line and the output are django_peer.py's.
"""
import json
import os
import sys

import django_peer
from django.conf import settings


def configure(folder, secret_key):
    django_peer.configure(secret_key, SESSION_ENGINE='django.contrib.sessions.backends.file', SESSION_FILE_PATH=folder)


def session_file(session_key):
    return os.path.join(settings.SESSION_FILE_PATH, settings.SESSION_COOKIE_NAME + session_key)


def read(session_key):
    from django.contrib.sessions.backends.file import SessionStore

    store = SessionStore(session_key=session_key)
    # exists(): os.path.exists of the file, expired or not, checked before load() may delete it.
    exists = store.exists(session_key)
    # The dict API loads lazily: load() decodes the file, and an expired one (mtime + age) is deleted and replaced by
    # a new empty session (create()), so session_key then names that new session.
    data = dict(store.items())
    return {
        'exists': exists,
        'data': data,
        'session_key': store.session_key,
        'file_exists_after': os.path.exists(session_file(session_key)),
        # Django's own reading of "_session_expiry" (seconds of inactivity, or the cookie age when absent).
        'expiry_age': store.get_expiry_age() if data else None,
    }


def write(payload):
    from django.contrib.sessions.backends.file import SessionStore

    # create(): a fresh key, the O_EXCL placeholder, then mkstemp + rename.
    return {'session_key': django_peer.save_new(SessionStore, payload, 'write').session_key}


def update(argument):
    from django.contrib.sessions.backends.file import SessionStore

    session_key, payload = argument.split(' ', 1)
    store = SessionStore(session_key=session_key)
    store.update(json.loads(payload))
    # save() without must_create: os.open(O_WRONLY) must find the file (else UpdateError), then mkstemp + rename.
    store.save()
    return {'session_key': store.session_key}


def clear(_):
    from django.contrib.sessions.backends.file import SessionStore

    SessionStore.clear_expired()
    return {'files': sorted(os.listdir(settings.SESSION_FILE_PATH))}


VERBS = {'read': read, 'write': write, 'update': update, 'clear': clear}


if __name__ == '__main__':
    django_peer.run(sys.argv, __doc__, VERBS, configure)
