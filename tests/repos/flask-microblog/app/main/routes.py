from flask import redirect, url_for
from app.main import bp


@bp.route('/', methods=['GET', 'POST'])
@bp.route('/index', methods=['GET', 'POST'])
def index():
    return redirect(url_for('main.explore'))


@bp.route('/explore')
def explore():
    return 'posts'
