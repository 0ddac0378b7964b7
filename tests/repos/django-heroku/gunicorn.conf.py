import os

# On Heroku the router sets PORT; gunicorn reads it itself.
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
