"""The demo's courses and people: the nursery of « 1 formation = 1 job » at Roubaix and Lille."""

from __future__ import annotations

from .gradebook import LineItem
from .platform import Platform
from .roster import (
    CONTENT_DEVELOPER,
    INSTITUTION_ADMINISTRATOR,
    INSTRUCTOR,
    LEARNER,
    MENTOR,
    Context,
    Persona,
    ResourceLink,
    User,
)

ROUBAIX = "nurserie-roubaix"
LILLE = "nurserie-lille"
LINK_TITLE = "Parcours de la nurserie"

_ON_SITE = {"modalite": "presentiel"}
_REMOTE = {"modalite": "distanciel"}


def _user(user_id: str, given: str, family: str, custom: dict[str, str] | None = None,
          email: bool = True) -> User:
    return User(
        id=user_id,
        name=f"{given} {family}",
        given_name=given,
        family_name=family,
        email=f"{user_id.replace('-', '.')}@example.org" if email else None,
        locale="fr-FR",
        custom=custom or {},
    )


USERS = (
    _user("ines-belkacem", "Inès", "Belkacem", _ON_SITE),
    _user("kevin-dufour", "Kévin", "Dufour", _REMOTE),
    _user("sarah-lefebvre", "Sarah", "Lefebvre", _ON_SITE),
    _user("mamadou-diallo", "Mamadou", "Diallo", _REMOTE),
    _user("nadia-haddad", "Nadia", "Haddad"),
    _user("julien-lemaire", "Julien", "Lemaire"),
    _user("claire-vasseur", "Claire", "Vasseur"),
    _user("olivier-martin", "Olivier", "Martin"),
    # Enrolled learners who never launch: only the roster (NRPS) shows them.
    _user("yasmine-benali", "Yasmine", "Benali", _ON_SITE),
    _user("dylan-carpentier", "Dylan", "Carpentier", _REMOTE),
    _user("amandine-lefort", "Amandine", "Lefort", _ON_SITE),
    _user("rachid-ouali", "Rachid", "Ouali", _REMOTE, email=False),
    _user("laura-dubois", "Laura", "Dubois", _ON_SITE),
    _user("maxime-leclercq", "Maxime", "Leclercq", _REMOTE),
    _user("fatou-ndiaye", "Fatou", "Ndiaye", _ON_SITE),
)

CONTEXTS = (
    Context(ROUBAIX, "NURS-RBX", "Nurserie numérique — Afpa Roubaix",
            (ResourceLink("parcours-nurserie-roubaix", LINK_TITLE),)),
    Context(LILLE, "NURS-LIL", "Nurserie numérique — M2i Lille, Euratechnologies",
            (ResourceLink("parcours-nurserie-lille", LINK_TITLE),)),
)

_STAFF = (
    ("nadia-haddad", (INSTRUCTOR,), "Nadia Haddad, référente (tutrice) des deux nurseries"),
    ("julien-lemaire", (CONTENT_DEVELOPER,), "Julien Lemaire, formateur qui rédige les modules"),
    ("claire-vasseur", (INSTITUTION_ADMINISTRATOR, INSTRUCTOR),
     "Claire Vasseur, administratrice de la plateforme et responsable du programme"),
)

# (course, user, home page line; None for a learner who never launches)
_LEARNERS = (
    (ROUBAIX, "ines-belkacem", "Inès Belkacem, apprenante en présentiel"),
    (ROUBAIX, "kevin-dufour", "Kévin Dufour, apprenant à distance"),
    (ROUBAIX, "yasmine-benali", None),
    (ROUBAIX, "dylan-carpentier", None),
    (ROUBAIX, "amandine-lefort", None),
    (ROUBAIX, "rachid-ouali", None),
    (LILLE, "sarah-lefebvre", "Sarah Lefebvre, apprenante en présentiel"),
    (LILLE, "mamadou-diallo", "Mamadou Diallo, apprenant à distance"),
    (LILLE, "laura-dubois", None),
    (LILLE, "maxime-leclercq", None),
    (LILLE, "fatou-ndiaye", None),
)


def seed(platform: Platform) -> None:
    """Fill an empty platform with the demo courses, people and default line items."""
    for user in USERS:
        platform.add_user(user)
    for context in CONTEXTS:
        platform.add_context(context)
        platform.gradebook.add(LineItem(0, context.id, LINK_TITLE, 100.0, resource_link_id=context.links[0].id))
    for context_id, user_id, label in _LEARNERS:
        platform.enrol(user_id, context_id, [LEARNER])
        if label:
            platform.add_persona(Persona(user_id, context_id, label))
    for context in CONTEXTS:
        for user_id, roles, label in _STAFF:
            platform.enrol(user_id, context.id, roles)
            platform.add_persona(Persona(user_id, context.id, label))
    # A France Travail adviser following two Roubaix learners (role_scope_mentor).
    platform.enrol("olivier-martin", ROUBAIX, [MENTOR], mentees=("ines-belkacem", "kevin-dufour"))
    platform.add_persona(Persona("olivier-martin", ROUBAIX,
                                 "Olivier Martin, conseiller France Travail qui suit Inès et Kévin"))
