#!/usr/bin/python3
"""A real Django 3.2 app sharing this app's SQLite ``django_session`` table and SECRET_KEY.

django_session_peer.py's read and write, plus two verbs for Django's signed_cookies engine, where the cookie value is the
whole session (signing.dumps with salt 'django.contrib.sessions.backends.signed_cookies'; no database involved).

Usage (Debian's python3-django lives under /usr/bin/python3):
  /usr/bin/python3 django_signed_cookie_peer.py DB_PATH SECRET_KEY read SESSION_KEY
      -> {"exists": bool, "data": {...}, "session_key": str|null, "expire_date": str|null, "expiry_age": ...}
  /usr/bin/python3 django_signed_cookie_peer.py DB_PATH SECRET_KEY write '{"json": "object"}'
      -> {"session_key": "..."}
  /usr/bin/python3 django_signed_cookie_peer.py DB_PATH SECRET_KEY cookie-read COOKIE_VALUE
      -> {"data": {...}, "valid": bool, "expiry_age": int|null}
  /usr/bin/python3 django_signed_cookie_peer.py DB_PATH SECRET_KEY cookie-write '{"json": "object"}'
      -> {"cookie": "..."}

The signed_cookies tests (BlazorSessionDemo.Tests/Engines/SignedCookies) drive the cookie verbs to prove both apps
read each other's cookies. Output is json.dumps with ensure_ascii (Django's JSONSerializer style), so stdout is ASCII.
"""
import sys

import django_peer
from django_session_peer import configure, read, write


def cookie_read(cookie):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    store = SessionStore(session_key=cookie)
    # load() is signing.loads(cookie, salt=..., max_age=SESSION_COOKIE_AGE); any failure resets the session to {}
    # and marks it modified (a new cookie would be set), which is how Django says "not valid".
    data = dict(store.items())
    return {
        'data': data,
        'valid': not store.modified,
        'expiry_age': store.get_expiry_age() if data else None,
    }


def cookie_write(payload):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    # save() signs the dict into the new key: the value Django's middleware puts in the sessionid cookie.
    return {'cookie': django_peer.save_new(SessionStore, payload, 'cookie-write').session_key}


VERBS = {'read': read, 'write': write, 'cookie-read': cookie_read, 'cookie-write': cookie_write}


if __name__ == '__main__':
    django_peer.run(sys.argv, __doc__, VERBS, configure)
