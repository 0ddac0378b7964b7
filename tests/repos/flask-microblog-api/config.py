import os
from dotenv import load_dotenv

load_dotenv()
basedir = os.path.abspath(os.path.dirname(__file__))


class Config:
    ALCHEMICAL_DATABASE_URL = os.environ.get('DATABASE_URL') or 'sqlite:///' + os.path.join(basedir, 'db.sqlite')
    SECRET_KEY = os.environ.get('SECRET_KEY', 'top-secret!')
    USE_CORS = os.environ.get('USE_CORS', 'yes') == 'yes'
