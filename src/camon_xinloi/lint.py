"""Lint template folders: what ``camon-xinloi check`` runs.

For every template folder (``<family>/<name>/`` with ``meta.toml``) it checks:

* the metadata loads (known keys, known event kind, required keys), with the path;
* every Jinja source (body, recipients, subject, sms) parses in the sandbox and
  uses no variable other than ``event``, ``issuer`` and ``on``;
* ``example.json`` exists, validates, and is of the template's kind;
* the example composes and renders in every format: text, html, sms, and
  docx and pdf when their renderers are installed;
* the files and the composed letter are Unicode NFC.

Examples:
    >>> check_templates()
    []
"""

from __future__ import annotations

import importlib.util
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta as jinja_meta
from pydantic import ValidationError

from camon_xinloi.catalogue import Template, builtin_templates_dir, load_template
from camon_xinloi.compose import applies_to, compose, template_environment
from camon_xinloi.errors import CamonXinloiError
from camon_xinloi.events import parse_event, validation_problems
from camon_xinloi.render import get_renderer

__all__ = ["CONTEXT_VARIABLES", "Problem", "check_template", "check_templates", "lint_formats"]

CONTEXT_VARIABLES = frozenset({"event", "issuer", "on"})
"""The variables a template may use."""

_FILES = ("meta.toml", "body.j2", "example.json")


@dataclass(frozen=True)
class Problem:
    """A problem found in a template folder.

    Attributes:
        path: The folder (or file) concerned.
        template_id: The template id, when known.
        message: What is wrong.
    """

    path: str
    template_id: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def lint_formats() -> tuple[str, ...]:
    """Return the formats every example is rendered in: text, html, sms, and docx/pdf if present."""
    optional = tuple(
        fmt
        for fmt in ("docx", "pdf")
        if importlib.util.find_spec(f"camon_xinloi.render.{fmt}") is not None
    )
    return ("text", "html", "sms", *optional)


def _sources(template: Template) -> dict[str, str]:
    sources = {"body.j2": template.body}
    for i, recipient in enumerate(template.recipients):
        sources[f"recipients[{i}]"] = recipient
    if template.subject is not None:
        sources["subject"] = template.subject
    if template.sms is not None:
        sources["sms"] = template.sms
    return sources


def _check_nfc(folder: Path, template_id: str | None) -> list[Problem]:
    problems: list[Problem] = []
    for name in _FILES:
        path = folder / name
        if not path.exists():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), template_id, f"not UTF-8: {exc}"))
            continue
        if not unicodedata.is_normalized("NFC", text):
            problems.append(
                Problem(str(path), template_id, "text is not Unicode NFC; save it normalised")
            )
    return problems


def _check_variables(template: Template, where: str) -> list[Problem]:
    env = template_environment()
    problems: list[Problem] = []
    for part, source in _sources(template).items():
        try:
            ast = env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                Problem(where, template.id, f"{part}, line {exc.lineno}: syntax error: {exc}")
            )
            continue
        unknown = sorted(jinja_meta.find_undeclared_variables(ast) - CONTEXT_VARIABLES)
        if unknown:
            problems.append(
                Problem(
                    where,
                    template.id,
                    f"{part}: unknown variable(s) {', '.join(unknown)};"
                    " use only event, issuer and on",
                )
            )
    return problems


def check_template(template: Template) -> list[Problem]:
    """Check one loaded template: variables, example, rendering in every format, NFC.

    Args:
        template: A template from a folder or from :meth:`Template.from_string`.

    Returns:
        The problems found, empty when the template is fine.
    """
    from camon_xinloi.examples import EXAMPLE_DATE, example_issuer

    where = str(template.path) if template.path is not None else f"template {template.id!r}"
    problems = _check_variables(template, where)
    if problems:
        return problems
    if template.example is None:
        return [Problem(where, template.id, "no example.json; add an example event")]
    try:
        event = parse_event(template.example)
    except ValidationError as exc:
        details = "; ".join(f"{path}: {message}" for path, message in validation_problems(exc))
        return [Problem(where, template.id, f"example.json is not a valid event: {details}")]
    if event.kind != template.kind:
        return [
            Problem(
                where,
                template.id,
                f"example.json is a {event.kind!r} event,"
                f" but the template is for {template.kind!r}",
            )
        ]
    try:
        if not applies_to(template, event):
            problems.append(
                Problem(where, template.id, "example.json does not satisfy applies_when")
            )
        letter = compose(template, event, issuer=example_issuer(), on=EXAMPLE_DATE, number=5)
    except CamonXinloiError as exc:
        return [Problem(where, template.id, f"the example does not compose: {exc}")]
    if not unicodedata.is_normalized("NFC", letter.model_dump_json()):
        problems.append(Problem(where, template.id, "the composed letter is not Unicode NFC"))
    for fmt in lint_formats():
        try:
            data = get_renderer(fmt).render(letter)
        except Exception as exc:  # any renderer failure is a finding
            problems.append(Problem(where, template.id, f"does not render as {fmt}: {exc}"))
            continue
        if not data:
            problems.append(Problem(where, template.id, f"renders as empty {fmt}"))
    return problems


def _folders(root: Path) -> list[Path]:
    if (root / "meta.toml").is_file():
        return [root]
    return sorted(meta.parent for meta in root.glob("*/*/meta.toml"))


def check_templates(path: str | Path | None = None) -> list[Problem]:
    """Check every template folder under ``path`` (the built-in templates by default).

    Args:
        path: A catalogue folder (holding ``<family>/<name>/meta.toml``) or one
            template folder.

    Returns:
        The problems found, in folder order; empty when all is well.
    """
    root = builtin_templates_dir() if path is None else Path(path)
    if not root.is_dir():
        return [Problem(str(root), None, "not a folder of templates")]
    folders = _folders(root)
    if not folders:
        return [Problem(str(root), None, "no template found (expected <family>/<name>/meta.toml)")]
    problems: list[Problem] = []
    for folder in folders:
        template_id = f"{folder.parent.name}/{folder.name}"
        nfc = _check_nfc(folder, template_id)
        problems += nfc
        try:
            template = load_template(folder, template_id)
        except CamonXinloiError as exc:
            problems.append(Problem(str(folder), template_id, str(exc)))
            continue
        if not nfc:
            problems += check_template(template)
    return problems
