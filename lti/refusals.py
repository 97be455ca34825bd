"""Why a login or launch is refused: a code for the logs, a status, and plain French for people.

Each reason is said once here, so the page a learner sees and the line an
administrator reads in the logs always agree.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

_ASK_AGAIN = _l("Revenez à la plateforme de formation et relancez l'activité.")
_ASK_ADMIN = _l("Montrez ce message à l'administrateur de la plateforme de formation.")


@dataclass(frozen=True)
class Reason:
    status: int
    title: str
    advice: str


REASONS: dict[str, Reason] = {
    "missing_login_param": Reason(400, _l("La demande de connexion est incomplète."), _ASK_AGAIN),
    "unknown_platform": Reason(
        403, _l("Cette plateforme de formation n'est pas enregistrée dans l'outil."), _ASK_ADMIN
    ),
    "pending_registration": Reason(
        403, _l("Cet enregistrement de l'outil attend l'accord de l'administrateur de l'outil."), _ASK_ADMIN
    ),
    "platform_error": Reason(400, _l("La plateforme de formation a refusé la connexion."), _ASK_AGAIN),
    "missing_token": Reason(400, _l("La plateforme n'a pas envoyé de jeton de connexion."), _ASK_AGAIN),
    "malformed_token": Reason(400, _l("Le jeton de connexion est illisible."), _ASK_AGAIN),
    "missing_state": Reason(400, _l("La connexion n'a pas de numéro de suivi (state)."), _ASK_AGAIN),
    "unknown_state": Reason(
        400, _l("Cette connexion est inconnue ou a expiré."), _ASK_AGAIN
    ),
    "state_mismatch": Reason(400, _l("La connexion a été commencée dans un autre navigateur."), _ASK_AGAIN),
    "bad_audience": Reason(401, _l("Ce jeton n'est pas destiné à cet outil."), _ASK_ADMIN),
    "bad_algorithm": Reason(401, _l("Le jeton n'est pas signé comme il se doit."), _ASK_ADMIN),
    "missing_kid": Reason(401, _l("Le jeton ne dit pas quelle clé l'a signé."), _ASK_ADMIN),
    "unknown_kid": Reason(401, _l("La clé qui a signé le jeton est inconnue."), _ASK_ADMIN),
    "keys_unavailable": Reason(
        502, _l("Les clés de la plateforme de formation sont injoignables."), _ASK_AGAIN
    ),
    "bad_signature": Reason(401, _l("La signature du jeton est fausse."), _ASK_ADMIN),
    "expired": Reason(401, _l("Le jeton de connexion a expiré."), _ASK_AGAIN),
    "missing_time": Reason(401, _l("Le jeton ne dit pas quand il a été émis ou quand il expire."), _ASK_ADMIN),
    "not_yet_valid": Reason(401, _l("Le jeton vient du futur : les horloges ne sont pas à l'heure."), _ASK_ADMIN),
    "bad_issuer": Reason(401, _l("Le jeton ne vient pas de la plateforme attendue."), _ASK_ADMIN),
    "missing_nonce": Reason(401, _l("Le jeton n'a pas de nonce."), _ASK_AGAIN),
    "unknown_nonce": Reason(401, _l("Le nonce du jeton ne correspond pas à cette connexion."), _ASK_AGAIN),
    "replayed": Reason(401, _l("Ce jeton de connexion a déjà servi."), _ASK_AGAIN),
    "missing_deployment": Reason(400, _l("Le jeton ne dit pas de quel déploiement il vient."), _ASK_ADMIN),
    "unknown_deployment": Reason(
        403, _l("Ce déploiement de l'outil n'est pas autorisé."), _ASK_ADMIN
    ),
    "missing_message_type": Reason(400, _l("Le type de message LTI manque."), _ASK_ADMIN),
    "unsupported_message_type": Reason(400, _l("Ce type de message LTI n'est pas pris en charge."), _ASK_ADMIN),
    "bad_version": Reason(400, _l("La version LTI doit être 1.3.0."), _ASK_ADMIN),
    "missing_sub": Reason(400, _l("Le jeton ne dit pas qui vous êtes (sub)."), _ASK_ADMIN),
    "missing_roles": Reason(400, _l("Le jeton ne donne pas vos rôles."), _ASK_ADMIN),
    "long_identifier": Reason(
        400,
        _l("Un identifiant envoyé par la plateforme (personne, cours, activité ou déploiement) "
           "dépasse 255 caractères, la limite de LTI."),
        _ASK_ADMIN,
    ),
    "bad_identifier": Reason(
        400,
        _l("Un identifiant envoyé par la plateforme (personne, cours, activité ou déploiement) "
           "contient un caractère interdit."),
        _ASK_ADMIN,
    ),
    "missing_resource_link": Reason(400, _l("Le jeton ne dit pas quelle activité est lancée."), _ASK_ADMIN),
    "bad_deep_linking_settings": Reason(
        400, _l("La plateforme demande un choix de contenu sans dire où renvoyer la réponse."), _ASK_ADMIN
    ),
    "bad_target_link_uri": Reason(400, _l("Le lien de lancement ne pointe pas vers cet outil."), _ASK_ADMIN),
}


class LaunchRefused(Exception):
    """A login or launch that must not go further; carries the reason code and details for the log.

    `hint` is a command for the administrator; `frame_origin`, once the platform
    is known, lets the refusal page show inside that platform's frame.
    """

    def __init__(self, code: str, detail: str = "", hint: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.hint = hint
        self.reason = REASONS[code]
        self.frame_origin: str | None = None
