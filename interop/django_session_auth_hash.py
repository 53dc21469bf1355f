#!/usr/bin/python3
"""Django's session auth hash (``_auth_user_hash``), computed by real Django 3.2, for the .NET app to compare against.

Usage (Debian's python3-django lives under /usr/bin/python3):
  /usr/bin/python3 django_session_auth_hash.py SECRET_KEY '["password hash", ...]'
      -> {"salted_hmac": [hex, ...], "get_session_auth_hash": [hex, ...]}

For each stored password hash: ``salted_hmac(key_salt, hash, secret=SECRET_KEY, algorithm='sha256').hexdigest()`` as
written out by hand, and ``AbstractBaseUser.get_session_auth_hash()`` of an unsaved user holding that hash (what
``django.contrib.auth.login()`` stores). BlazorSessionDemo.Tests/Auth/SessionAuthHashTests.cs drives it.
"""
import json
import sys

import django
from django.conf import settings


def main():
    secret_key, hashes = sys.argv[1], json.loads(sys.argv[2])
    settings.configure(
        SECRET_KEY=secret_key,
        INSTALLED_APPS=['django.contrib.auth', 'django.contrib.contenttypes'],
        DATABASES={},
    )
    django.setup()
    from django.contrib.auth.models import User
    from django.utils.crypto import salted_hmac

    key_salt = 'django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash'
    print(json.dumps({
        'salted_hmac': [salted_hmac(key_salt, h, secret=secret_key, algorithm='sha256').hexdigest() for h in hashes],
        'get_session_auth_hash': [User(password=h).get_session_auth_hash() for h in hashes],
    }))


if __name__ == '__main__':
    main()
