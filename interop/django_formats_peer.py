#!/usr/bin/python3
"""Python's and Django 3.2's own bytes for two formats the session framework must match (no database involved).

Usage (Debian's python3-django lives under /usr/bin/python3):
  /usr/bin/python3 django_formats_peer.py SECRET_KEY isoformat '[[2026, 3, 4, 7, 26, 53, 0], ...]'
      -> {"values": ["2026-03-04T07:26:53+00:00", ...]}
         datetime(y, m, d, H, M, S, microsecond, tzinfo=timezone.utc).isoformat(): what Django 4.1+'s set_expiry
         stores in "_session_expiry" for a datetime.
  /usr/bin/python3 django_formats_peer.py SECRET_KEY legacy-encode '[{"json": "object"}, ...]'
      -> {"session_data": ["<base64>", ...]}
         SessionStore().encode(dict) under DEFAULT_HASHING_ALGORITHM='sha1': Django 3.2 then writes the pre-3.1
         format (_legacy_encode), base64("<salted_hmac sha1 hexdigest>:<json>") with key salt
         "django.contrib.sessions" + "SessionStore".

The conformance tests (BlazorSessionDemo.Tests/Interop) compare this app's output with these. Output is json.dumps
with ensure_ascii, so stdout is plain ASCII.
"""
import json
import sys
from datetime import datetime, timezone

import django
from django.conf import settings


def isoformat(argument):
    instants = json.loads(argument)
    return {'values': [datetime(*parts, tzinfo=timezone.utc).isoformat() for parts in instants]}


def legacy_encode(argument):
    from django.contrib.sessions.backends.db import SessionStore

    dicts = json.loads(argument)
    if not isinstance(dicts, list) or not all(isinstance(d, dict) for d in dicts):
        raise SystemExit('legacy-encode expects a JSON array of objects')
    encoded = [SessionStore().encode(d) for d in dicts]
    # The legacy format has no ':timestamp:signature' tail; anything else means the setting did not take.
    for value in encoded:
        if ':' in value:
            raise SystemExit('Django wrote the signing format, not the legacy one: %r' % value)
    return {'session_data': encoded}


def main(argv):
    verbs = {'isoformat': isoformat, 'legacy-encode': legacy_encode}
    if len(argv) != 4 or argv[2] not in verbs:
        raise SystemExit(__doc__)
    _, secret_key, verb, argument = argv
    # Django 3.2 deprecates DEFAULT_HASHING_ALGORITHM (RemovedInDjango40Warning) but honours it: 'sha1' makes
    # SessionBase.encode call _legacy_encode. The warning goes to stderr and does not disturb the JSON on stdout.
    settings.configure(
        SECRET_KEY=secret_key,
        DEFAULT_HASHING_ALGORITHM='sha1',
        INSTALLED_APPS=['django.contrib.sessions'],
        USE_TZ=True,
        DATABASES={},
    )
    django.setup()
    print(json.dumps(verbs[verb](argument)))


if __name__ == '__main__':
    main(sys.argv)
