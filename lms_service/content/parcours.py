"""modules/parcours.yml: the phases of the programme and the order of their modules."""

from collections.abc import Collection
from pathlib import Path

from . import fields
from .catalogue import Phase
from .marked_yaml import MarkedDict, MarkedList, YamlError, load
from .problems import Report


def read_parcours(path: Path, existing: Collection[str], report: Report) -> tuple[Phase, ...]:
    """Read the path file; every slug it names must be a folder of modules/ with a module.md.

    The file is optional: without it, modules are simply listed by slug.
    """
    try:
        data = load(path.read_text("utf-8-sig"), first_line=1)
    except FileNotFoundError:
        return ()
    except YamlError as error:
        report.add(error.line, error.message)
        return ()
    if not isinstance(data, MarkedDict) or "phases" not in data:
        report.add(1, "le fichier doit contenir « phases: » suivi de la liste des phases")
        return ()
    fields.check_keys(data, ("phases",), report, "dans parcours.yml")
    phases: list[Phase] = []
    placed: set[str] = set()
    for entry in fields.mappings(data, "phases", report):
        fields.check_keys(entry, ("id", "title", "modules"), report, "dans une phase")
        phase_id = fields.text(entry, "id", report, required=True)
        if phase_id in {phase.id for phase in phases}:
            report.add(entry.line_of("id"), f"phase « {phase_id} » en double")
        title = fields.text(entry, "title", report, required=True)
        slugs = fields.items(entry, "modules", report) or MarkedList()
        kept: list[str] = []
        for index, slug in enumerate(slugs):
            if not isinstance(slug, str) or slug not in existing:
                message = f"le module « {slug} » n'existe pas : aucun dossier modules/{slug}/ avec un module.md"
                report.add(slugs.line_of(index), message)
            elif slug in placed:
                report.add(slugs.line_of(index), f"le module « {slug} » apparaît deux fois dans le parcours")
            else:
                placed.add(slug)
                kept.append(slug)
        if phase_id and title:
            phases.append(Phase(phase_id, title, tuple(kept)))
    return tuple(phases)
