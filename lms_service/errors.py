"""Clear French pages (or JSON for API callers) for every error, never a traceback."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

log = logging.getLogger(__name__)

MESSAGES = {
    400: _l("La demande est incomplète ou mal formée."),
    401: _l("Vous devez ouvrir cet outil depuis votre plateforme de formation."),
    403: _l("Cette page n'est pas accessible avec votre rôle."),
    404: _l("Cette page n'existe pas."),
    405: _l("Cette action n'est pas possible ici."),
    413: _l("Le fichier envoyé est trop gros."),
    500: _l("Une erreur est survenue de notre côté. Réessayez dans un instant."),
    503: _l("Le service redémarre. Réessayez dans un instant."),
}
# Errors that say more than their status: the description their `abort()` carries.
EXPLAINED = {
    "csrf": _l("Le formulaire a expiré ou ne vient pas de cette page. Rechargez la page et recommencez."),
    "expired": _l("Votre session a expiré."),
    "other_browser": _l(
        "Ce lien appartient à une session ouverte dans un autre navigateur. "
        "Ouvrez l'activité depuis votre plateforme de formation."
    ),
    "nul": _l("La demande contient un caractère nul, que l'outil n'accepte pas. Vérifiez le lien ou le texte saisi."),
    # A quiz's form (assessments.views).
    "no_attempt_named": _l("Le formulaire ne dit pas de quel essai il s'agit. Rouvrez le quiz."),
    "no_attempt_left": _l("Vous avez utilisé tous vos essais pour ce quiz. Votre référent peut vous en accorder un autre."),
    "attempt_closed": _l("Cet essai est déjà validé. Rouvrez le quiz pour voir votre résultat."),
    "answers_changed": _l(
        "Vos réponses ont été enregistrées depuis un autre onglet ou un autre appareil. "
        "Rouvrez le quiz pour les voir, puis continuez."
    ),
    "unknown_question": _l("Le formulaire répond à une question qui n'est pas dans ce quiz. Rouvrez le quiz."),
    "draw_changed": _l(
        "Le test a changé depuis le début de votre essai : il ne peut plus être affiché tel qu'il était. "
        "Parlez-en à votre référent, qui peut vous accorder un nouvel essai."
    ),
}


def _render(status: int, description: str | None) -> Any:
    message = EXPLAINED.get(description or "") or MESSAGES.get(status, MESSAGES[400])
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(message), status=status), status
    if description == "expired":
        page = render_template("session_expired.html", return_url=g.get("launch_return_url"))
        return page, status
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        return _render(exc.code or 500, exc.description if exc.description in EXPLAINED else None)

    @app.errorhandler(DBAPIError)
    def database_error(exc: DBAPIError) -> Any:
        if exc.connection_invalidated:  # the database dropped the connection (a restart): the pool is renewed
            log.warning("Database connection lost on %s; the pool is renewed", request.path)
            return _render(ServiceUnavailable.code, None)
        return unexpected(exc)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        log.exception("Unhandled error on %s", request.path)
        return _render(InternalServerError.code, None)
