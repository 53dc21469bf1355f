"""Settings of a Django 3.2 site sharing users, sessions and SECRET_KEY with BlazorSessionDemo.

What must match the .NET app (its appsettings.json / environment in brackets):
  DATABASES['default']     the same SQLite file                        [ConnectionStrings:Default]
  SECRET_KEY               the same secret                             [Session:SecretKey]
  SESSION_ENGINE           'django.contrib.sessions.backends.db'       [Session:Engine = db]
  SESSION_COOKIE_NAME      'sessionid', same path and domain           [Session:CookieName/CookiePath/CookieDomain]
  PASSWORD_HASHERS         BCryptSHA256 first, at the same rounds      [Auth:BcryptWorkFactor] (python3-bcrypt)
                           and BCryptPasswordHasher listed: users migrated from the app's own table keep "bcrypt$" hashes
                           until they next log in
  AUTHENTICATION_BACKENDS  ModelBackend (the default): the app's logins name it in _auth_user_backend
"""
import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SECRET_KEY = os.environ['DJANGO_SECRET_KEY']
DEBUG = os.environ.get('DJANGO_DEBUG') == '1'
ALLOWED_HOSTS = ['127.0.0.1', 'localhost', 'testserver']

INSTALLED_APPS = [
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
]

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
]

ROOT_URLCONF = 'shared_site.urls'

TEMPLATES = [{
    'BACKEND': 'django.template.backends.django.DjangoTemplates',
    'DIRS': [os.path.join(BASE_DIR, 'templates')],
    'APP_DIRS': False,
    'OPTIONS': {'context_processors': [
        'django.template.context_processors.request',
        'django.contrib.auth.context_processors.auth',
    ]},
}]

DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.environ['DJANGO_SHARED_DB']}}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'

USE_TZ = True
TIME_ZONE = 'UTC'

SESSION_ENGINE = 'django.contrib.sessions.backends.db'

# BCryptSHA256 at the app's Auth:BcryptWorkFactor (DJANGO_BCRYPT_ROUNDS, Django's default 12): with different costs
# each side would rehash on its own logins, and every rehash ends the user's other sessions (the auth hash changes).
PASSWORD_HASHERS = [
    'shared_site.hashers.BCryptSHA256PasswordHasher',
    'django.contrib.auth.hashers.PBKDF2PasswordHasher',
    'django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher',
    'django.contrib.auth.hashers.Argon2PasswordHasher',
    'django.contrib.auth.hashers.BCryptPasswordHasher',
]

LOGIN_URL = '/accounts/login/'
LOGIN_REDIRECT_URL = '/whoami/'
LOGOUT_REDIRECT_URL = '/whoami/'
