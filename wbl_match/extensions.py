"""Flask extensions, created unbound here and bound to the app in ``create_app``."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

from wbl_match.models.base import Base

db = SQLAlchemy(model_class=Base)
babel = Babel()
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
talisman = Talisman()

#: ``app.extensions`` key: URL prefix -> the error handler of the layer that owns the URLs under it (the API
#: registers its JSON handler for ``/api/``); the site's error handlers in ``wbl_match.web.errors`` use it.
ERROR_HANDLERS = "wbl_match.error_handlers"
