"""The production entry point: `gunicorn -c gunicorn.conf.py wsgi:app` and `flask --app wsgi ...`.

A module-level `app` is what both gunicorn and `flask --app` look for; building it
here keeps the production configuration out of the command line, where quoting
a call (`create_app(ProductionConfig())`) is what Flask and gunicorn refuse.
"""
from __future__ import annotations

from config import ProductionConfig
from lms_service import create_app

app = create_app(ProductionConfig())
