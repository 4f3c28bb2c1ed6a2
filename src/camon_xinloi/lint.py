"""Lint template folders: what ``camon-xinloi check`` runs.

For every template folder (``<family>/<name>/`` with ``meta.toml``) it checks:

* the metadata loads (known keys, known event kind, required keys), with the path;
* every Jinja source (body, recipients, subject, sms) parses in the sandbox and
  uses no variable other than ``event``, ``issuer`` and ``on``;
* ``example.json`` exists, validates, and is of the template's kind;
* the example composes and renders in every format: text, html, sms, docx and pdf;
* the files and the composed letter are Unicode NFC.

:func:`check_docx_template` lints a commune's own DOCX (docxtpl) template: broken
or split tags, curly quotes, unknown variables. Both report :class:`Problem` items.

Examples:
    >>> check_templates()
    []
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2 import meta as jinja_meta
from pydantic import ValidationError

from camon_xinloi._deprecation import deprecated_attribute, internal
from camon_xinloi._safe_files import HostileFileError, read_regular_file
from camon_xinloi._safe_zip import MAX_DOCX_BYTES, docx_archive_problems
from camon_xinloi.catalogue import Template, builtin_templates_dir, load_template
from camon_xinloi.compose import applies_to, compose
from camon_xinloi.errors import CamonXinloiError
from camon_xinloi.events import parse_event, validation_problems
from camon_xinloi.render import get_renderer
from camon_xinloi.render.docx._house import _W, _esc
from camon_xinloi.render.docx._user_template import (
    _CURLY,
    _NOT_DOCX,
    LETTER_FIELDS,
    _environment,
    _normalize_braces,
    _part_label,
    _shorten,
    _template_class,
)
from camon_xinloi.sandbox import template_environment

__all__ = [
    "Problem",
    "check_docx_template",
    "check_template",
    "check_templates",
]

_CONTEXT_VARIABLES = frozenset({"event", "issuer", "on"})
"""The variables a template may use."""

_FILES = ("meta.toml", "body.j2", "example.json")


Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """A problem found in a template: a template folder, or a user DOCX template.

    Attributes:
        path: The folder or file concerned.
        template_id: The template id, when known (None for a DOCX template).
        message: What is wrong and what to do.
        part: For a DOCX template, the part: ``"document"``, ``"header1"``,
            ``"footer2"``, ``"footnotes"``, … (``""`` for the file as a whole);
            None for a template folder.
        paragraph: For a DOCX template, the text of the paragraph holding the tag
            ("" when not about a tag).
        severity: ``"error"`` (rendering fails or is wrong) or ``"warning"`` (repaired).

    Examples:
        >>> print(Problem("thu/x", "thu/x", "no example.json; add an example event"))
        thu/x: no example.json; add an example event
        >>> print(Problem("our.docx", None, "unbalanced tag", part="document", paragraph="{{ x"))
        our.docx: document: error: unbalanced tag (paragraph '{{ x')
    """

    path: str
    template_id: str | None
    message: str
    part: str | None = None
    paragraph: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        if self.part is None:
            return f"{self.path}: {self.message}"
        where = f"{self.path}: {self.part}" if self.part else self.path
        text = f" (paragraph {self.paragraph!r})" if self.paragraph else ""
        return f"{where}: {self.severity}: {self.message}{text}"


_FORMATS = ("text", "html", "sms", "docx", "pdf")
"""The formats every example is rendered in."""


def _lint_formats() -> tuple[str, ...]:
    """What the deprecated ``lint_formats()`` still returns."""
    return _FORMATS


_DEPRECATED = {
    "CONTEXT_VARIABLES": internal(__name__, renamed="_CONTEXT_VARIABLES"),
    "lint_formats": internal(__name__, renamed="_lint_formats"),
}


def __getattr__(name: str) -> Any:
    """``CONTEXT_VARIABLES`` and ``lint_formats`` are internal: they work, with a warning."""
    return deprecated_attribute(__name__, name, _DEPRECATED)


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
        unknown = sorted(jinja_meta.find_undeclared_variables(ast) - _CONTEXT_VARIABLES)
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
    for fmt in _FORMATS:
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


# --------------------------------------------------------------------------- DOCX templates
def _docx_problem(
    path: str,
    part: str,
    paragraph: str,
    message: str,
    severity: Severity = "error",
) -> Problem:
    return Problem(path, None, message, part=part, paragraph=paragraph, severity=severity)


_PART_NAME = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_PREFIX = re.compile(r"^(\{[{%])(-?)(p|tr|tc|r)\s")
_DOCXTPL_ONLY = re.compile(r"^\{%-?\s*(colspan|cellbg|vm|hm)\b")
_W_P = f"{{{_W}}}p"
_W_T = f"{{{_W}}}t"


def _tag_for_jinja(tag: str) -> str:
    tag = _PREFIX.sub(r"\1\2 ", tag)
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):  # noqa: RUF001
        tag = tag.replace(curly, straight)
    return tag.replace("\n", " ")


def check_docx_template(path: str | Path) -> list[Problem]:
    """Lint a user DOCX template: broken or split tags, curly quotes, unknown variables.

    Looks at the body, headers, footers, footnotes and endnotes. Returns an
    empty list for a template that will render.

    Examples:
        >>> [p.message for p in check_docx_template("no/such/letterhead.docx")]
        ["cannot read the file: [Errno 2] No such file or directory: 'no/such/letterhead.docx'"]
    """
    source = str(path)
    try:
        data = read_regular_file(path, max_bytes=MAX_DOCX_BYTES, what="the template")
    except HostileFileError as exc:
        return [_docx_problem(source, "", "", str(exc))]
    except OSError as exc:
        return [_docx_problem(source, "", "", f"cannot read the file: {exc}")]
    unsafe = docx_archive_problems(data)
    if unsafe:
        return [_docx_problem(source, "", "", f"the file {problem}") for problem in unsafe]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile as exc:
        return [_docx_problem(source, "", "", f"{_NOT_DOCX} (not a zip archive: {exc})")]
    if "word/document.xml" not in names:
        return [_docx_problem(source, "", "", f"{_NOT_DOCX} (it has no word/document.xml)")]
    parts = sorted(
        (n for n in names if _PART_NAME.fullmatch(n)), key=lambda n: (n != "word/document.xml", n)
    )
    problems: list[Problem] = []
    patcher = _template_class()(io.BytesIO(b""))
    for name in parts:
        try:
            xml = archive.read(name)
        except (zipfile.BadZipFile, zlib.error) as exc:
            problems.append(_docx_problem(source, _part_label(name), "", f"damaged part: {exc}"))
            continue
        problems += _check_part(source, _part_label(name), xml, patcher)
    return problems


def _check_part(source: str, part: str, xml: bytes, patcher: Any) -> list[Problem]:
    import jinja2
    from jinja2 import meta, nodes
    from lxml import etree

    def problem(paragraph: str, message: str, severity: Severity = "error") -> None:
        problems.append(_docx_problem(source, part, _shorten(paragraph), message, severity))

    problems: list[Problem] = []
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [_docx_problem(source, part, "", f"damaged XML: {exc}")]
    env = _environment()
    patched = re.sub(r"\s+", "", patcher.patch_xml(etree.tostring(root, encoding="unicode")))
    lines: list[str] = []
    owners: list[str] = []
    for p in root.iter(_W_P):
        text = "".join(t.text or "" for t in p.iter(_W_T))
        if not any(c in text for c in "{}%\uff5b\uff5d\uff05"):
            continue
        fixed = _normalize_braces(text)
        if fixed != text:
            problem(text, "fullwidth braces or percent signs in a tag; type them again", "warning")
        if fixed.count("{{") != fixed.count("}}") or fixed.count("{%") != fixed.count("%}"):
            problem(text, "unbalanced tag: an opening '{{' or '{%' without its closing pair")
            continue
        for tag in _TAG.findall(fixed):
            if any(c in tag for c in _CURLY):
                problem(
                    text,
                    f"curly quotes in {tag!r} (Word's autocorrect); they are straightened when "
                    "rendering, but turn off smart quotes and type straight quotes",
                    "warning",
                )
            if _DOCXTPL_ONLY.match(tag):
                continue
            jinja_tag = _tag_for_jinja(tag)
            if part == "endnotes":
                problem(text, f"docxtpl does not fill tags in endnotes: {tag!r}")
                continue
            compact = re.sub(r"\s+", "", _esc(jinja_tag).replace("&lt;", "<").replace("&gt;", ">"))
            compact = re.sub(r"^(\{[{%])-", r"\1", compact)
            if compact not in patched and re.sub(r"^\{%-?", "{%", compact) not in patched:
                problem(
                    text,
                    f"the tag {tag!r} is split by Word formatting in a way docxtpl cannot join; "
                    "delete it and type it again in one go, without formatting changes inside",
                )
            lines.append(jinja_tag)
            owners.append(text)
    if not lines:
        return problems
    try:
        ast = env.parse("\n".join(lines))
    except jinja2.TemplateSyntaxError as exc:
        owner = owners[exc.lineno - 1] if 1 <= exc.lineno <= len(owners) else ""
        problem(owner, f"tag syntax error: {exc.message}")
        return problems
    known = {"letter", *env.globals}
    for name in sorted(meta.find_undeclared_variables(ast) - known):
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        owner = next((o for line, o in zip(lines, owners, strict=True) if pattern.search(line)), "")
        problem(
            owner,
            f"unknown variable {name!r}; a DOCX template gets only 'letter' "
            "(its fields are listed in docs/docx.md)",
        )
    for node in ast.find_all(nodes.Getattr):
        path = _letter_path(node)
        if path is None:
            continue
        owner = owners[node.lineno - 1] if 1 <= node.lineno <= len(owners) else ""
        field = path[0]
        if field not in LETTER_FIELDS:
            problem(owner, f"letter has no field {field!r} (see docs/docx.md)")
        elif len(path) > 1 and (sub := LETTER_FIELDS[field]) is not None and path[1] not in sub:
            problem(owner, f"letter.{field} has no field {path[1]!r} (see docs/docx.md)")
    return list(dict.fromkeys(problems))


def _letter_path(node: Any) -> tuple[str, ...] | None:
    """Return ``("signature", "name")`` for ``letter.signature.name``, None for other nodes."""
    from jinja2 import nodes

    attrs: list[str] = []
    while isinstance(node, nodes.Getattr):
        attrs.append(node.attr)
        node = node.node
    if isinstance(node, nodes.Name) and node.name == "letter":
        return tuple(reversed(attrs))
    return None
