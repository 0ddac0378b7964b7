from flask import Flask, redirect, url_for
from alchemical.flask import Alchemical
from flask_cors import CORS
from config import Config

db = Alchemical()
ma = None
cors = CORS()


def create_app(config_class=Config):
    app = Flask(__name__)
    app.config.from_object(config_class)
    db.init_app(app)
    if app.config['USE_CORS']:  # pragma: no branch
        cors.init_app(app)

    @app.route('/')
    def index():  # pragma: no cover
        return redirect(url_for('apifairy.docs'))

    return app
