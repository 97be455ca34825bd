"""Read modules/ into a Catalogue: every problem reported, modules with errors left out."""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import partial
from pathlib import Path
from types import MappingProxyType

from .catalogue import Catalogue, Phase
from .frontmatter import read_front_matter, split_front_matter
from .images import check_images
from .marked_yaml import MarkedDict
from .model import FrontMatter, Module, Passage
from .pages import PassageBlock, QuizBlock, RawPage, split_pages
from .parcours import read_parcours
from .passages import check_passages, parse_passages
from .problems import Problem, Report
from .questions import ParseContext, Question
from .quizzes import check_sections, parse_quizzes
from .render_cache import RenderCache
from .rendering import render
from .segments import render_page


@dataclass(frozen=True)
class Loaded:
    """One module folder read: the module if valid, and the slug it claims (to find duplicates)."""

    module: Module | None
    problems: list[Problem]
    slug: str | None = None
    slug_line: int = 1


def module_files(directory: Path, module_md: bytes | None = None) -> list[tuple[str, bytes]]:
    """module.md and every file under images/, as (path in the folder, bytes), in a fixed order."""
    images = sorted(path for path in (directory / "images").rglob("*") if path.is_file())
    files = [("module.md", (directory / "module.md").read_bytes() if module_md is None else module_md)]
    return files + [(path.relative_to(directory).as_posix(), path.read_bytes()) for path in images]


def content_hash(directory: Path, module_md: bytes | None = None) -> str:
    """sha256 over module.md and images/: the module's version, which keys every cache.

    Pass the bytes that were parsed, so a file saved meanwhile cannot pair new text with old HTML.
    """
    return files_hash(module_files(directory, module_md))


def files_hash(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def load_module(directory: Path, root: Path, cache_dir: Path | None = None) -> Loaded:
    """Read and check one module folder; problem paths are relative to `root`."""
    report = Report((directory / "module.md").relative_to(root).as_posix())
    raw = _read(directory / "module.md", report)
    if raw is None:
        return Loaded(None, report.problems)
    lines = raw.decode("utf-8-sig").splitlines()
    data, body_start = split_front_matter(lines, report)
    header = read_front_matter(data, directory.name, report) if data is not None else None
    version = content_hash(directory, raw)
    base = f"/content/{directory.name}/{version[:8]}/"  # a valid slug is its folder name
    cache = RenderCache(cache_dir / f"{version}.json" if cache_dir else None, partial(render, image_base=base))
    raw_pages = split_pages(lines[body_start:], body_start + 1, report) if body_start is not None else []
    blocks = [block for page in raw_pages for block in page.quizzes]
    parsed = parse_quizzes(blocks, ParseContext(report.path, cache), report)
    questions = list(parsed.values())
    passages = parse_passages([block for page in raw_pages for block in page.passages], questions, cache, report)
    if header:
        check_sections(questions, header, report)
    check_passages(passages.values(), questions, header, report)
    texts = [(question.line, question.prompt) for question in questions]
    texts += [(passage.line, passage.text) for passage in passages.values()]
    check_images([*(line for page in raw_pages for line in page.prose), *texts], directory, report)
    claim = _claimed_slug(data)
    if report.problems or header is None:
        return Loaded(None, report.problems, *claim)
    module = _assemble(header, directory, version, raw_pages, parsed, passages, cache)
    cache.save()
    return Loaded(module, [], *claim)


def _read(path: Path, report: Report) -> bytes | None:
    """The bytes of module.md, if it exists and is UTF-8 text."""
    try:
        raw = path.read_bytes()
        raw.decode("utf-8-sig")
    except FileNotFoundError:
        report.add(1, "fichier introuvable : chaque dossier de modules/ contient un module.md")
    except UnicodeDecodeError:
        report.add(1, "le fichier doit être enregistré en UTF-8")
    else:
        return raw
    return None


def _claimed_slug(data: MarkedDict | None) -> tuple[str | None, int]:
    """The slug a header claims even when invalid, and its line: duplicates are found across modules."""
    slug = data.get("slug") if data is not None else None
    return (slug, data.line_of("slug")) if isinstance(slug, str) and data is not None else (None, 1)


def _assemble(
    header: FrontMatter,
    directory: Path,
    version: str,
    raw_pages: list[RawPage],
    parsed: Mapping[QuizBlock, Question],
    passages: Mapping[PassageBlock, Passage],
    cache: RenderCache,
) -> Module:
    ids = {block: question.id for block, question in parsed.items()}
    pages = tuple(render_page(raw, ids, passages, cache, version[:16]) for raw in raw_pages)
    questions = MappingProxyType({question.id: question for question in parsed.values()})
    by_id = MappingProxyType({passage.id: passage for passage in passages.values()})
    own = {field.name: getattr(header, field.name) for field in fields(FrontMatter)}
    return Module(**own, version=version, directory=directory, pages=pages, questions=questions, passages=by_id)


def load_catalogue(
    modules_dir: Path,
    *,
    cache_dir: Path | None = None,
    previous: Catalogue | None = None,
    fallback: Callable[[str], Module | None] | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """Load every module folder and parcours.yml; problems come sorted by file, then line.

    With `previous` (the catalogue being served), a folder that is now broken keeps its last
    good version: a trainer's typo must not take a module away from learners mid-course.
    `fallback(folder)` gives a broken folder's last good version when `previous` has none
    (a worker starting while the file is broken finds it where the others left it).
    """
    modules_dir = Path(modules_dir)
    root = modules_dir.parent
    if not modules_dir.is_dir():
        missing = Problem(modules_dir.as_posix(), 1, "dossier des modules introuvable")
        return Catalogue(MappingProxyType({}), problems=(missing,)), [missing]
    folders = sorted(
        path for path in modules_dir.iterdir() if path.is_dir() and not path.name.startswith((".", "_"))
    )
    results = {folder.name: load_module(folder, root, cache_dir) for folder in folders}
    blamed = _duplicate_slugs(results, root, modules_dir)
    broken = {
        folder: tuple(sorted([*loaded.problems, *blamed.get(folder, [])]))
        for folder, loaded in results.items()
        if loaded.problems or folder in blamed
    }
    modules = {loaded.module.slug: loaded.module for loaded in results.values() if loaded.module}
    modules |= _last_good(previous, broken, modules, fallback)
    report = Report((modules_dir / "parcours.yml").relative_to(root).as_posix())
    existing = {name for name in results if (modules_dir / name / "module.md").is_file()}
    phases = read_parcours(modules_dir / "parcours.yml", existing, report)
    problems = sorted([*(problem for found in broken.values() for problem in found), *report.problems])
    loaded_only = tuple(
        Phase(phase.id, phase.title, tuple(slug for slug in phase.modules if slug in modules)) for phase in phases
    )
    catalogue = Catalogue(
        MappingProxyType(modules), loaded_only, problems=tuple(problems), broken=MappingProxyType(broken)
    )
    return catalogue, problems


def _last_good(
    previous: Catalogue | None,
    broken: Mapping[str, tuple[Problem, ...]],
    loaded: Mapping[str, Module],
    fallback: Callable[[str], Module | None] | None,
) -> dict[str, Module]:
    """The last good versions of the broken folders: the one being served, else the fallback's."""
    kept: dict[str, Module] = {}
    for folder in broken:
        if folder in loaded:
            continue
        module = previous.get(folder) if previous is not None else None
        if module is None and fallback is not None:
            module = fallback(folder)
        if module is not None:
            kept[folder] = module
    return kept


def _duplicate_slugs(results: Mapping[str, Loaded], root: Path, modules_dir: Path) -> dict[str, list[Problem]]:
    """Blame every claimant of a slug but its rightful folder (or, failing that, the first)."""
    claimants: dict[str, list[str]] = {}
    for folder, loaded in results.items():
        if loaded.slug:
            claimants.setdefault(loaded.slug, []).append(folder)
    blamed: dict[str, list[Problem]] = {}
    for slug, folders in claimants.items():
        owner = slug if slug in folders else folders[0]
        owner_path = (modules_dir / owner / "module.md").relative_to(root).as_posix()
        for folder in folders:
            if folder != owner:
                path = (modules_dir / folder / "module.md").relative_to(root).as_posix()
                message = f"slug « {slug} » déjà utilisé par {owner_path}"
                blamed.setdefault(folder, []).append(Problem(path, results[folder].slug_line, message))
    return blamed
