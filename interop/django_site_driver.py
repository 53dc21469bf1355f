#!/usr/bin/python3
"""Drives the real Django 3.2 site in interop/django_site (Django's LoginView, LogoutView, PasswordChangeView and a
page showing request.user) through Django's test client, over the SQLite file and SECRET_KEY BlazorSessionDemo uses.

Usage (Debian's python3-django lives under /usr/bin/python3):
  /usr/bin/python3 django_site_driver.py DB_PATH SECRET_KEY migrate|no-migrate
Then one JSON command per line on stdin, one JSON answer per line on stdout ({"error": ...} when a command fails):
  {"op": "login", "username": U, "password": P}                 -> {"status", "session_key", "error_text"}
  {"op": "whoami", "session_key": K}                            -> {"status", "user": username|null}
  {"op": "logout", "session_key": K}                            -> {"status", "session_key_after"}
  {"op": "change_password", "session_key": K, "old": P, "new": Q} -> {"status", "session_key"}
  {"op": "create_user", "username", "email", "password", "hasher"[, "rounds"]} -> {"id", "password"}  (make_password)
  {"op": "createsuperuser", "username", "email", "password"}    -> {"id", "password"}  (manage.py createsuperuser --noinput)
  {"op": "check_password", "username", "password"}              -> {"valid", "password"}  (hashers.check_password, no setter)
  {"op": "user", "username"}                                    -> {"password", "last_login", "is_active"}
  {"op": "session", "session_key": K}                           -> {"data": {...}}
The test client runs the whole request cycle (middleware, CSRF with enforce_csrf_checks, views, templates) in this
process; the tests in BlazorSessionDemo.Tests/Interop/DjangoSharedLogin* start one driver per test class.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'django_site'))


def setup(db_path, secret_key, migrate):
    os.environ['DJANGO_SHARED_DB'] = db_path
    os.environ['DJANGO_SECRET_KEY'] = secret_key
    os.environ['DJANGO_SETTINGS_MODULE'] = 'shared_site.settings'
    os.environ.setdefault('DJANGO_BCRYPT_ROUNDS', '10')  # the tests' Auth:BcryptWorkFactor
    import django
    django.setup()
    if migrate:
        from django.core.management import call_command
        call_command('migrate', verbosity=0)


def client(session_key=None):
    from django.test import Client
    c = Client(enforce_csrf_checks=True)
    if session_key:
        c.cookies['sessionid'] = session_key
    return c


def csrf_post(c, form_url, data):
    c.get(form_url)
    data = dict(data, csrfmiddlewaretoken=c.cookies['csrftoken'].value)
    return c.post(form_url, data)


def cookie(c, name):
    morsel = c.cookies.get(name)
    return morsel.value if morsel is not None and morsel.value else None


def login(cmd):
    c = client()
    response = csrf_post(c, '/accounts/login/', {'username': cmd['username'], 'password': cmd['password']})
    error = re.search(r'<p id="login-error">(.*?)</p>', response.content.decode(), re.S)
    return {'status': response.status_code, 'session_key': cookie(c, 'sessionid'),
            'error_text': error.group(1).strip() if error else None}


def whoami(cmd):
    response = client(cmd['session_key']).get('/whoami/')
    user = re.search(r'<span id="user">(.*?)</span>', response.content.decode())
    return {'status': response.status_code, 'user': user.group(1) if user else None}


def logout(cmd):
    c = client(cmd['session_key'])
    c.get('/whoami/')  # the page's logout form sets the CSRF cookie
    response = c.post('/accounts/logout/', {'csrfmiddlewaretoken': c.cookies['csrftoken'].value})
    return {'status': response.status_code, 'session_key_after': cookie(c, 'sessionid')}


def change_password(cmd):
    c = client(cmd['session_key'])
    response = csrf_post(c, '/accounts/password_change/',
                         {'old_password': cmd['old'], 'new_password1': cmd['new'], 'new_password2': cmd['new']})
    # update_session_auth_hash() cycles the key of this session and keeps it logged in.
    return {'status': response.status_code, 'session_key': cookie(c, 'sessionid'),
            'location': response.get('Location')}


def create_user(cmd):
    from django.contrib.auth.hashers import get_hasher, make_password
    from django.contrib.auth.models import User
    hasher = get_hasher(cmd['hasher'])
    if 'rounds' in cmd:  # a bcrypt hasher at another cost than the site's
        hasher = type(hasher)()
        hasher.rounds = cmd['rounds']
    user = User.objects.create_user(cmd['username'], cmd.get('email', ''))
    user.password = make_password(cmd['password'], hasher=hasher)
    user.save()
    return {'id': user.pk, 'password': user.password}


def createsuperuser(cmd):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    os.environ['DJANGO_SUPERUSER_PASSWORD'] = cmd['password']
    try:
        call_command('createsuperuser', interactive=False, username=cmd['username'], email=cmd['email'], verbosity=0)
    finally:
        del os.environ['DJANGO_SUPERUSER_PASSWORD']
    user = User.objects.get(username=cmd['username'])
    return {'id': user.pk, 'password': user.password}


def check_password(cmd):
    from django.contrib.auth.hashers import check_password as check
    from django.contrib.auth.models import User
    user = User.objects.get(username=cmd['username'])
    return {'valid': check(cmd['password'], user.password), 'password': user.password}


def user(cmd):
    from django.contrib.auth.models import User
    u = User.objects.get(username=cmd['username'])
    return {'password': u.password, 'last_login': u.last_login.isoformat() if u.last_login else None,
            'is_active': u.is_active}


def session(cmd):
    from django.contrib.sessions.backends.db import SessionStore
    return {'data': dict(SessionStore(session_key=cmd['session_key']).items())}


OPS = {f.__name__: f for f in (login, whoami, logout, change_password, create_user, createsuperuser, check_password,
                               user, session)}


def main(argv):
    if len(argv) != 4 or argv[3] not in ('migrate', 'no-migrate'):
        raise SystemExit(__doc__)
    setup(argv[1], argv[2], argv[3] == 'migrate')
    from django.db import connections
    print(json.dumps({'ready': True}), flush=True)
    for line in sys.stdin:
        try:
            cmd = json.loads(line)
            answer = OPS[cmd['op']](cmd)
        except Exception as ex:  # one bad command must not end the site: the test sees the error
            answer = {'error': '%s: %s' % (type(ex).__name__, ex)}
        finally:
            # No connection held between commands: the .NET app writes the same file in between.
            connections.close_all()
        print(json.dumps(answer), flush=True)


if __name__ == '__main__':
    main(sys.argv)
