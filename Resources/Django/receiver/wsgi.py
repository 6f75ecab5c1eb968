"""WSGI entry point, for a production server (gunicorn, uwsgi, mod_wsgi) in front of this example."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "receiver.settings")
application = get_wsgi_application()
