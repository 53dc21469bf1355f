#!/usr/bin/python3
"""The Django 3.2 site that shares its login with BlazorSessionDemo (see README, "Run it beside your Django site").

  DJANGO_SHARED_DB=/path/to/blazorsessiondemo.db DJANGO_SECRET_KEY=... /usr/bin/python3 manage.py runserver 127.0.0.1:8000
"""
import os
import sys

if __name__ == '__main__':
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shared_site.settings')
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
