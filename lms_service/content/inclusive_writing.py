"""The programme's one rule for gender, checked: people in general are never masculine alone.

README §10: both forms (« les candidats et candidates », « votre référent ou
référente ») or an epicene word (« la personne », « l'équipe »). A learner reads
« les développeurs » as « not for me » more often than a writer thinks. The check
knows the nouns the programme's modules use for people; a masculine plural
(or « référent » alone) with no feminine form near it is a `file:line` problem.
Official names of certifications stay as they are registered, so a line naming
a title (« Titre professionnel », « RNCP ») is left alone.
"""

import re

from .model import Module

# Masculine plural -> feminine plural, for nouns naming people in the modules.
PAIRS = {
    "administrateurs": "administratrices", "animateurs": "animatrices", "apprenants": "apprenantes",
    "candidats": "candidates", "clients": "clientes", "collaborateurs": "collaboratrices",
    "conseillers": "conseillères", "débutants": "débutantes", "demandeurs": "demandeuses",
    "développeurs": "développeuses", "employés": "employées", "étudiants": "étudiantes",
    "experts": "expertes", "formateurs": "formatrices", "informaticiens": "informaticiennes",
    "intégrateurs": "intégratrices", "recruteurs": "recruteuses", "référents": "référentes",
    "salariés": "salariées", "techniciens": "techniciennes", "utilisateurs": "utilisatrices",
    "vendeurs": "vendeuses",
}  # fmt: skip
NEAR = 160  # characters either side where the feminine form may stand (the same sentence, about)
_PLURAL = re.compile(r"\b(?:les|des|aux|ces|nos|vos|leurs|de|d'autres) (" + "|".join(PAIRS) + r")\b", re.I)
_REFERENT = re.compile(r"\b(?:votre|ton|son|le|un|du|au) référent\b(?! ou (?:la |une |votre )?référente)", re.I)
_TITLE = re.compile(r"Titre professionnel|RNCP|BTS |BUT ")


def masculine_alone(_module: Module, text: str) -> list[tuple[int, str]]:
    """Each place where people in general are written in the masculine alone, with its line."""
    body_start = text.find("\n---", 3)
    found = []
    for match in [*_PLURAL.finditer(text, body_start), *_REFERENT.finditer(text, body_start)]:
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = text[line_start : text.find("\n", match.end())]
        if _TITLE.search(line) or _feminine_near(text, match):
            continue
        number = text.count("\n", 0, match.start()) + 1
        found.append((number, f"« {match.group(0)} » : écrivez les deux formes ou un mot épicène (README §10)"))
    return sorted(found)


def _feminine_near(text: str, match: re.Match[str]) -> bool:
    noun = match.group(match.lastindex or 0).lower()
    feminine = PAIRS.get(noun, "référente")
    around = text[max(match.start() - NEAR, 0) : match.end() + NEAR].lower()
    return feminine in around
