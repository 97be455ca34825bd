"""Each folder of tests/content/broken/ is a small modules/ dir with mistakes a trainer could make;
`flask modules check` must name every one of them as `file:line: message`."""

from pathlib import Path

import pytest

from lms_service.content import load_catalogue

BROKEN = Path(__file__).parent / "broken"

CASES: dict[str, list[str]] = {
    "front-matter-missing": [
        "modules/sans-entete/module.md:1: le fichier doit commencer par un en-tête YAML entre deux lignes « --- »",
        "modules/sans-entete/module.md:1: texte avant le premier titre « ## » : mettez-le dans une page",
    ],
    "front-matter-not-yaml": [
        "modules/yaml-casse/module.md:4: YAML invalide : did not find expected ',' or ']'"
        " (while parsing a flow sequence, ligne 3)",
    ],
    "front-matter-not-mapping": [
        "modules/liste/module.md:2: l'en-tête doit être une liste de champs « nom: valeur » (slug, title, kind…)",
    ],
    "front-matter-unclosed": [
        "modules/non-ferme/module.md:1: en-tête non fermé : il manque la ligne « --- » qui le termine",
    ],
    "front-matter-fields": [
        "modules/champs/module.md:2: champ « title » obligatoire manquant",
        "modules/champs/module.md:3: kind « formation » inconnu (possibles : initiation, soft-skills, entry-test, survey, reference)",
        "modules/champs/module.md:4: champ inconnu « durée » dans l'en-tête (champs possibles : duration_minutes, family,"
        " kept_attempt, kind, max_attempts, objectives, pass_score, personas, sections, slug, sources, time_limit_minutes, title)",
        "modules/champs/module.md:5: « duration_minutes » doit être un nombre entier supérieur ou égal à 1",
        "modules/champs/module.md:6: « objectives » doit être une liste (lignes commençant par « - »)",
        "modules/champs/module.md:7: « pass_score » doit être un nombre entier entre 0 et 100",
        "modules/champs/module.md:8: « max_attempts » doit être un nombre entier supérieur ou égal à 0",
        "modules/champs/module.md:9: « time_limit_minutes » doit être un nombre entier supérieur ou égal à 1",
        "modules/champs/module.md:12: adresse « ftp://example.org » invalide : elle commence par https://",
        "modules/champs/module.md:13: chaque élément de « sources » doit avoir des champs « nom: valeur »",
        "modules/champs/module.md:14: family « Développement web » invalide : minuscules, chiffres et tirets seulement,"
        " 100 caractères au plus",
    ],
    "slug-mismatch": [
        "modules/bon-dossier/module.md:2: le slug « autre-nom » doit être identique au nom du dossier « bon-dossier »",
    ],
    "slug-syntax": [
        "modules/Mauvais_Nom/module.md:2: slug « Mauvais_Nom » invalide : minuscules, chiffres et tirets seulement",
    ],
    "duplicate-slugs": [
        "modules/beta/module.md:2: le slug « alpha » doit être identique au nom du dossier « beta »",
        "modules/beta/module.md:2: slug « alpha » déjà utilisé par modules/alpha/module.md",
    ],
    "missing-module-md": [
        "modules/vide/module.md:1: fichier introuvable : chaque dossier de modules/ contient un module.md",
    ],
    "no-pages": [
        "modules/sans-page/module.md:6: aucune page : chaque page commence par un titre « ## »",
    ],
    "pages": [
        "modules/pages/module.md:6: texte avant le premier titre « ## » : mettez-le dans une page",
        "modules/pages/module.md:12: page vide : ajoutez du texte ou une question sous le titre",
        "modules/pages/module.md:14: identifiant de page « une-page » déjà utilisé ligne 8 :"
        " ajoutez {#autre-identifiant} à la fin du titre",
        "modules/pages/module.md:18: identifiant de page « une-page » déjà utilisé ligne 8 :"
        " ajoutez {#autre-identifiant} à la fin du titre",
        "modules/pages/module.md:22: identifiant de page « Pas_Bon » invalide : minuscules, chiffres et tirets seulement",
        "modules/pages/module.md:26: impossible de tirer un identifiant de ce titre : ajoutez {#identifiant}",
        "modules/pages/module.md:30: bloc de code non fermé : il manque la ligne « ``` » qui le termine",
    ],
    "images": [
        "modules/images/module.md:9: image sans texte alternatif : décrivez-la entre les crochets, ![description](…)",
        "modules/images/module.md:11: image introuvable : « images/absente.png »",
        "modules/images/module.md:13: l'image « ../autre/images/x.png » doit être dans le dossier images/ du module",
        "modules/images/module.md:15: l'image « a-la-racine.png » doit être dans le dossier images/ du module",
        "modules/images/module.md:17: image externe « https://example.org/photo.jpg » :"
        " copiez-la dans le dossier images/ du module",
        "modules/images/module.md:24: image introuvable : « images/manquante.png »",
        "modules/images/module.md:24: image sans texte alternatif : décrivez-la entre les crochets, ![description](…)",
    ],
    "quiz-yaml": [
        "modules/quiz-yaml/module.md:12: YAML invalide : found unexpected end of stream",
        "modules/quiz-yaml/module.md:15: un bloc quiz contient des champs « nom: valeur » (id, type, prompt…)",
        "modules/quiz-yaml/module.md:24: YAML invalide : clé « prompt » en double ou invalide",
        "modules/quiz-yaml/module.md:27: bloc quiz non fermé : il manque la ligne « ``` » qui le termine",
    ],
    "questions": [
        "modules/questions/module.md:11: type de question inconnu « dropdown »"
        " (types possibles : single, multiple, numeric, text, ordering, likert, free)",
        "modules/questions/module.md:16: champ « id » obligatoire manquant",
        "modules/questions/module.md:16: champ « prompt » obligatoire manquant",
        "modules/questions/module.md:22: champ « prompt » obligatoire manquant",
        "modules/questions/module.md:33: question « deux-fois » déjà définie ligne 27",
        "modules/questions/module.md:45: une question single a exactement une bonne réponse : answer: <id du choix>",
        "modules/questions/module.md:49: une question single a exactement une bonne réponse : answer: <id du choix>",
        "modules/questions/module.md:64: réponse « z » absente de la liste (ids possibles : a, b)",
        "modules/questions/module.md:75: « answer » doit reprendre chaque élément de « items » une fois,"
        " dans le bon ordre (éléments : un, deux, trois)",
        "modules/questions/module.md:82: « answer » doit être un nombre (par exemple 21 ou 3,5)",
        "modules/questions/module.md:83: « tolerance » doit être un nombre supérieur ou égal à 0",
        "modules/questions/module.md:87: « answers » doit lister au moins une réponse acceptée",
        "modules/questions/module.md:90: champ inconnu « answer » pour une question text"
        " (champs possibles : answers, feedback, graded, id, passage, points, prompt, section, type)",
        "modules/questions/module.md:99: id « a » en double dans « choices »",
        "modules/questions/module.md:101: « points » doit être un nombre supérieur ou égal à 0",
        "modules/questions/module.md:102: « graded » doit valoir true ou false",
        "modules/questions/module.md:106: champ « scale » obligatoire manquant : [Pas du tout, Un peu, Beaucoup]",
    ],
    "entry-test": [
        "modules/test-entree/module.md:6: la section « lecture » tire 2 questions mais n'en a que 1",
        "modules/test-entree/module.md:9: la section « calcul » tire 1 questions mais n'en a que 0",
        "modules/test-entree/module.md:12: « pass_score » doit être un nombre entier entre 0 et 100",
        "modules/test-entree/module.md:13: id de section « lecture » en double",
        "modules/test-entree/module.md:16: champ « draw » obligatoire manquant : le nombre de questions tirées",
        "modules/test-entree/module.md:32: la question « sans-section » n'a pas de section :"
        " ajoutez section: … (calcul, lecture)",
        "modules/test-entree/module.md:39: section « logique » inconnue pour la question « section-inconnue »"
        " (calcul, lecture)",
    ],
    "parcours": [
        "modules/parcours.yml:6: le module « absent » n'existe pas : aucun dossier modules/absent/ avec un module.md",
        "modules/parcours.yml:7: le module « existe » apparaît deux fois dans le parcours",
        "modules/parcours.yml:8: champ « title » obligatoire manquant",
        "modules/parcours.yml:8: phase « nurserie » en double",
        "modules/parcours.yml:9: « modules » doit être une liste (lignes commençant par « - »)",
        "modules/parcours.yml:10: champ inconnu « ordre » dans parcours.yml (champs possibles : phases)",
    ],
    "parcours-not-yaml": [
        "modules/parcours.yml:3: YAML invalide : did not find expected node content",
    ],
}

STILL_LOADED = {"duplicate-slugs": ["alpha"], "missing-module-md": ["correct"], "parcours": ["existe"]}


def test_every_broken_folder_has_expectations() -> None:
    assert sorted(path.name for path in BROKEN.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_names_each_problem_with_file_and_line(case: str) -> None:
    catalogue, problems = load_catalogue(BROKEN / case / "modules")
    assert [str(problem) for problem in problems] == CASES[case]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_module_with_problems_is_left_out_and_the_others_load(case: str) -> None:
    catalogue, _ = load_catalogue(BROKEN / case / "modules")
    assert sorted(catalogue.modules) == STILL_LOADED.get(case, [])
