"""Application factory for the shop frontend."""
import logging
import os

from flask import Flask, jsonify
from flask_cors import CORS
from flask_wtf.csrf import CSRFProtect

log = logging.getLogger(__name__)
csrf = CSRFProtect()

SECRET_KEY_ENV = "SHOP_SECRET_KEY"  # SAFE: CWE-798


def create_app(testing=False):
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .feeds import bp as feeds_bp
    from .files import bp as files_bp
    from .views import bp as views_bp

    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ[SECRET_KEY_ENV]  # SAFE: CWE-798
    app.config["SESSION_COOKIE_SECURE"] = True  # SAFE: CWE-614
    app.config["SESSION_COOKIE_HTTPONLY"] = True  # SAFE: CWE-1004
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///shop.db")
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
    if testing:
        app.config["TESTING"] = True
        app.config["WTF_CSRF_ENABLED"] = False
    csrf.init_app(app)
    CORS(app, origins=["https://shop.example.com"], supports_credentials=True)  # SAFE: CWE-942
    for blueprint in (views_bp, auth_bp, files_bp, admin_bp, feeds_bp):
        app.register_blueprint(blueprint)

    @app.errorhandler(500)
    def internal_error(exc):
        log.exception("unhandled error: %s", exc)
        return jsonify(error="internal server error"), 500  # SAFE: CWE-209

    @app.errorhandler(404)
    def not_found(exc):
        return jsonify(error="not found"), 404

    return app


def create_legacy_app():
    """The old admin console, still used by the warehouse team."""
    legacy = Flask("legacy")
    legacy.secret_key = "dev-secret-key-change-me"  # VULN: CWE-798
    legacy.config["SESSION_COOKIE_SECURE"] = False  # VULN: CWE-614
    legacy.config["SESSION_COOKIE_HTTPONLY"] = False  # VULN: CWE-1004
    CORS(legacy, origins="*", supports_credentials=True)  # VULN: CWE-942

    @legacy.errorhandler(Exception)
    def show_error(exc):
        return f"<pre>Error: {exc!r}</pre>", 500  # VULN: CWE-209

    return legacy


def run_legacy():
    create_legacy_app().run(host="0.0.0.0", port=5001, debug=True)  # VULN: CWE-489


if __name__ == "__main__":
    application = create_app()
    port = int(os.environ.get("PORT", "8000"))
    application.run(host="127.0.0.1", port=port, debug=False)  # SAFE: CWE-489
