from api import create_app

app = create_app()


@app.cli.group()
def db():
    """Database commands."""
    pass
