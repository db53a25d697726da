"""WSGI entry point: ``gunicorn wsgi:app``. The only module-level application."""
from wbl_match import create_app

app = create_app()
