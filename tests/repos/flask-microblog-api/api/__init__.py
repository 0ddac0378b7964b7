from api.app import create_app, db, ma  # noqa: F401
