"""What the interop peers share: Django's settings for a one-shot process, saving a new session from a JSON object,
and the command line (DATA SECRET_KEY VERB ARGUMENT, one JSON object out).

Imported by django_session_peer.py, django_signed_cookie_peer.py and django_file_session_peer.py, which Python finds
next to them (a script's own folder is first on sys.path). Output is json.dumps with ensure_ascii (Django's
JSONSerializer style), so stdout is plain ASCII.
"""
import json

import django
from django.conf import settings


def configure(secret_key, **session_settings):
    """settings.configure for the sessions app only; the peer adds its store (DATABASES or SESSION_ENGINE...)."""
    settings.configure(
        SECRET_KEY=secret_key,
        INSTALLED_APPS=['django.contrib.sessions'],
        USE_TZ=True,
        **session_settings,
    )
    django.setup()


def save_new(store_class, payload, verb):
    """A new session of store_class holding the JSON object payload, saved: returns the store (its key is set)."""
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise SystemExit(f'{verb} expects a JSON object')
    store = store_class()
    store.update(data)
    # save() on a keyless store is create() (db, file) or signs the dict into the new key (signed_cookies).
    store.save()
    return store


def run(argv, usage, verbs, configure_peer):
    """DATA SECRET_KEY VERB ARGUMENT: configure_peer(DATA, SECRET_KEY), then print VERBS[VERB](ARGUMENT) as JSON."""
    if len(argv) != 5 or argv[3] not in verbs:
        raise SystemExit(usage)
    _, data, secret_key, verb, argument = argv
    configure_peer(data, secret_key)
    print(json.dumps(verbs[verb](argument)))
