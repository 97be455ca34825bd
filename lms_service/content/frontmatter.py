"""The YAML header of module.md: cut it out of the file and validate every field."""

from urllib.parse import urlsplit

from . import fields
from .marked_yaml import MarkedDict, YamlError, load
from .model import KEPT_ATTEMPTS, KINDS, FrontMatter, Section, Source
from .problems import Report

KEYS = (
    "slug", "title", "kind", "family", "duration_minutes", "objectives",
    "pass_score", "max_attempts", "kept_attempt", "time_limit_minutes", "sections", "personas", "sources",
)  # fmt: skip
FAMILY_MAX = 100  # the orientation notes' column: a family keys them


def split_front_matter(lines: list[str], report: Report) -> tuple[MarkedDict | None, int | None]:
    """Return the header's fields and the index of the first body line (None: no usable body)."""
    if not lines or lines[0].rstrip() != "---":
        report.add(1, "le fichier doit commencer par un en-tête YAML entre deux lignes « --- »")
        return None, 0
    end = next((index for index in range(1, len(lines)) if lines[index].rstrip() in ("---", "...")), None)
    if end is None:
        report.add(1, "en-tête non fermé : il manque la ligne « --- » qui le termine")
        return None, None
    try:
        data = load("\n".join(lines[1:end]), first_line=2)
    except YamlError as error:
        report.add(error.line, error.message)
        return None, end + 1
    if not isinstance(data, MarkedDict):
        report.add(2, "l'en-tête doit être une liste de champs « nom: valeur » (slug, title, kind…)")
        return None, end + 1
    return data, end + 1


def read_front_matter(data: MarkedDict, folder: str, report: Report) -> FrontMatter:
    """Validate the header into `report`; the result is best effort, so the body can be checked too."""
    fields.check_keys(data, KEYS, report, "dans l'en-tête")
    slug = fields.text(data, "slug", report, required=True)
    if slug and not fields.ID.match(slug):
        report.add(data.line_of("slug"), f"slug « {slug} » invalide : minuscules, chiffres et tirets seulement")
    elif slug and slug != folder:
        report.add(data.line_of("slug"), f"le slug « {slug} » doit être identique au nom du dossier « {folder} »")
    kind = fields.text(data, "kind", report, required=True)
    if kind and kind not in KINDS:
        report.add(data.line_of("kind"), f"kind « {kind} » inconnu (possibles : {', '.join(KINDS)})")
    return FrontMatter(
        slug=slug or "",
        title=fields.text(data, "title", report, required=True) or "",
        kind=kind or "",
        family=_family(data, report),
        duration_minutes=fields.integer(data, "duration_minutes", report, low=1),
        objectives=fields.texts(data, "objectives", report),
        pass_score=fields.integer(data, "pass_score", report, low=0, high=100),
        max_attempts=fields.integer(data, "max_attempts", report, low=0) or 0,
        kept_attempt=_kept_attempt(data, report),
        time_limit_minutes=fields.integer(data, "time_limit_minutes", report, low=1),
        sections=_sections(data, report),
        personas=fields.texts(data, "personas", report),
        sources=_sources(data, report),
    )


def _family(data: MarkedDict, report: Report) -> str | None:
    """The family of jobs, written like a slug: it keys the référents' orientation notes (100 characters at
    most) and names the page's sections (an HTML id)."""
    value = fields.text(data, "family", report)
    if value is not None and (not fields.ID.match(value) or len(value) > FAMILY_MAX):
        report.add(data.line_of("family"), f"family « {value} » invalide : minuscules, chiffres et tirets seulement, "
                                           f"{FAMILY_MAX} caractères au plus")  # fmt: skip
        return None
    return value


def _kept_attempt(data: MarkedDict, report: Report) -> str:
    """Which attempt counts; like max_attempts, it is accepted whatever the kind."""
    value = fields.text(data, "kept_attempt", report)
    if value is None:
        return "best"
    if value not in KEPT_ATTEMPTS:
        choices = "best (le meilleur essai compte) ou last (le dernier essai compte)"
        message = f"« kept_attempt » vaut {choices}, pas « {value} »"
        report.add(data.line_of("kept_attempt"), message)
        return "best"
    return value


def _slugs(entry: MarkedDict, key: str, report: Report) -> tuple[str, ...]:
    """Module slugs, as written in a list (whether each module exists is the catalogue's check)."""
    found = fields.texts(entry, key, report)
    for slug in found:
        if not fields.ID.match(slug):
            report.add(entry.line_of(key), f"« {slug} » n'est pas un slug de module : minuscules, chiffres et tirets")
    return tuple(slug for slug in found if fields.ID.match(slug))


def _sections(data: MarkedDict, report: Report) -> tuple[Section, ...]:
    sections: list[Section] = []
    for entry in fields.mappings(data, "sections", report):
        fields.check_keys(entry, ("id", "title", "draw", "pass_score", "prepare"), report, "dans une section")
        section_id = fields.text(entry, "id", report, required=True)
        if section_id and not fields.ID.match(section_id):
            message = f"id de section « {section_id} » invalide : minuscules, chiffres et tirets"
            report.add(entry.line_of("id"), message)
        if section_id in {section.id for section in sections}:
            report.add(entry.line_of("id"), f"id de section « {section_id} » en double")
        title = fields.text(entry, "title", report, required=True)
        if entry.get("draw") is None:
            report.add(entry.line, "champ « draw » obligatoire manquant : le nombre de questions tirées")
        draw = fields.integer(entry, "draw", report, low=1)
        pass_score = fields.integer(entry, "pass_score", report, low=0, high=100)
        prepare = _slugs(entry, "prepare", report)
        if section_id and title and draw:
            sections.append(Section(section_id, title, draw, pass_score, entry.line, prepare))
    return tuple(sections)


def _sources(data: MarkedDict, report: Report) -> tuple[Source, ...]:
    sources: list[Source] = []
    for entry in fields.mappings(data, "sources", report):
        fields.check_keys(entry, ("title", "url"), report, "dans une source")
        title = fields.text(entry, "title", report, required=True)
        url = fields.text(entry, "url", report)
        if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
            report.add(entry.line_of("url"), f"adresse « {url} » invalide : elle commence par https://")
        elif title:
            sources.append(Source(title, url))
    return tuple(sources)
