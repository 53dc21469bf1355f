"""Django's BCryptSHA256PasswordHasher at the rounds BlazorSessionDemo writes (its Auth:BcryptWorkFactor)."""
import os

from django.contrib.auth import hashers


class BCryptSHA256PasswordHasher(hashers.BCryptSHA256PasswordHasher):
    rounds = int(os.environ.get('DJANGO_BCRYPT_ROUNDS', '12'))
