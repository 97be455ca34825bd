"""Starting points for `flask modules new`: loadable as written, every text a placeholder to replace.

Each placeholder says « (à remplacer) », and `flask modules check` reports every
one left (content.placeholders), so a skeleton is never published as it is.
"""

_SOURCES = """\
sources:
  - title: Source où vérifier les faits (à remplacer)
    url: https://www.example.org/
"""

_HEADERS = {
    "initiation": """\
family: {slug}
duration_minutes: 60
objectives:
  - Dire ce que fait ce professionnel au quotidien (à remplacer)
  - Citer une formation pour devenir ce professionnel (à remplacer)
pass_score: 60
max_attempts: 3
""",
    "soft-skills": """\
duration_minutes: 45
objectives:
  - Ce que l'apprenant saura faire à la fin (à remplacer)
pass_score: 60
max_attempts: 3
""",
    "entry-test": """\
duration_minutes: 45
pass_score: 50
max_attempts: 1
time_limit_minutes: 45
sections:
  - id: lecture
    title: Lecture et compréhension
    draw: 1
    pass_score: 50
  - id: calcul
    title: Calcul
    draw: 1
    pass_score: 50
""",
    "survey": """\
duration_minutes: 10
""",
    "reference": """\
objectives:
  - Ce que la page permet de retrouver (à remplacer)
""",
}

_SINGLE = """\
```quiz
id: {id}
type: single{section}
prompt: Écrivez ici votre question (à remplacer).
choices:
  - id: a
    text: La bonne réponse (à remplacer)
    feedback: Expliquez pourquoi c'est juste.
  - id: b
    text: Une réponse fausse (à remplacer)
    feedback: Expliquez pourquoi c'est faux.
answer: a
```
"""

_INTRO = """\
## Pour commencer {#introduction}

Présentez le sujet en quelques phrases simples. Une idée par phrase. (à remplacer)
Le guide d'écriture est dans modules/README.md.
"""

_BODIES = {
    "initiation": _INTRO + """
## Une journée type {#journee-type}

Décrivez une journée de travail, avec un exemple concret. (à remplacer)

## Pour vérifier {#quiz}

""" + _SINGLE.format(id="q1", section=""),
    "soft-skills": _INTRO + """
## Où en êtes-vous ? {#auto-evaluation}

```quiz
id: auto-evaluation
type: likert
prompt: Je me sens à l'aise pour … (à remplacer)
scale: [Pas du tout, Un peu, Moyennement, Beaucoup, Tout à fait]
```

## Pour vérifier {#quiz}

""" + _SINGLE.format(id="q1", section=""),
    "entry-test": """\
## Avant de commencer {#consignes}

Expliquez le déroulement du test : durée, nombre de questions, droit à l'erreur. (à remplacer)

## Lecture {#lecture}

""" + _SINGLE.format(id="lecture-1", section="\nsection: lecture") + """
## Calcul {#calcul}

```quiz
id: calcul-1
type: numeric
section: calcul
prompt: Un câble coûte 7 €. Combien coûtent 3 câbles ? (à remplacer)
answer: 21
unit: €
```
""",
    "survey": """\
## Votre avis {#avis}

Dites en une phrase à quoi sert ce questionnaire et qui lira les réponses. (à remplacer)

```quiz
id: satisfaction
type: likert
prompt: Êtes-vous satisfait ? (à remplacer)
scale: [Pas du tout, Un peu, Moyennement, Beaucoup, Énormément]
```

```quiz
id: commentaire
type: free
prompt: Que voudriez-vous changer ? (à remplacer)
```
""",
    "reference": """\
## L'essentiel {#essentiel}

Une page à consulter quand on en a besoin : elle ne compte pas dans le parcours. (à remplacer)
Écrivez les faits utiles, datés, avec leur source dans l'en-tête. Un autre
module peut renvoyer à cette page : voir « Liens entre modules » dans modules/README.md.
""",
}


def skeleton(slug: str, kind: str) -> str:
    """The text of a new module.md of this kind."""
    header = f"---\nslug: {slug}\ntitle: Titre du module (à remplacer)\nkind: {kind}\n"
    return header + _HEADERS[kind].format(slug=slug) + _SOURCES + "---\n\n" + _BODIES[kind]
