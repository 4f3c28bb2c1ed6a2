"""User DOCX templates (docxtpl): the context, the sandboxed environment, caches, merging."""

from __future__ import annotations

import html
import io
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import TYPE_CHECKING, Any

from camon_xinloi._safe_files import HostileFileError, read_regular_file
from camon_xinloi._safe_zip import MAX_DOCX_BYTES, docx_archive_problems
from camon_xinloi.errors import RenderError, TemplateRenderError
from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter

if TYPE_CHECKING:
    import jinja2
from camon_xinloi.render.docx._house import _core_date
from camon_xinloi.render.docx._zip import normalize_docx


def letter_context(letter: Letter) -> dict[str, Any]:
    """Return the context a user DOCX template is rendered with (see ``docs/docx.md``).

    The context has one name, ``letter``, a dict of the letter's parts as
    printed. ``letter.body`` items carry ``rich``, a docxtpl ``RichText`` with
    real bold and italic runs, for ``{{r p.rich }}``.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> context = letter_context(example_letter())
        >>> context["letter"]["number_line"], context["letter"]["signature"]["lines"][0]
        ('Số: 05/UBND-VX', 'TM. ỦY BAN NHÂN DÂN')
    """
    rich_text = _docxtpl().RichText
    recipients = list(letter.recipients)
    last = len(recipients) - 1
    body = []
    for paragraph in letter.body:
        rich = rich_text()
        for run in paragraph.runs:
            rich.add(run.text, bold=run.bold, italic=run.italic)
        body.append(
            {
                "text": paragraph.text,
                "rich": rich,
                "align": paragraph.align,
                "indent": paragraph.indent,
                "runs": [
                    {"text": r.text, "bold": r.bold, "italic": r.italic} for r in paragraph.runs
                ],
            }
        )
    return {
        "letter": {
            "national_name": NATIONAL_NAME,
            "national_motto": NATIONAL_MOTTO,
            "parent_agency": letter.parent_agency,
            "agency": list(letter.agency),
            "agency_text": " ".join(letter.agency),
            "number": letter.number,
            "notation": letter.notation,
            "number_line": letter.number_line,
            "place": letter.place,
            "date": letter.date.isoformat() if letter.date else None,
            "year": letter.year,
            "date_line": letter.date_line,
            "is_draft": letter.is_draft,
            "title": letter.title,
            "subject": letter.subject,
            "recipients": recipients,
            "recipient_line": letter.recipient_line,
            "recipient_items": [
                f"- {r}{'.' if i == last else ';'}" for i, r in enumerate(recipients)
            ],
            "body": body,
            "body_text": "\n".join(p.text for p in letter.body),
            "signature": {
                "lines": list(letter.signature.lines),
                "name": letter.signature.name,
            },
            "distribution": list(letter.distribution),
            "distribution_lines": list(letter.distribution_lines),
            "footer": letter.footer,
            "meta": letter.meta.model_dump(),
        }
    }


LETTER_FIELDS: dict[str, frozenset[str] | None] = {
    "national_name": None,
    "national_motto": None,
    "parent_agency": None,
    "agency": None,
    "agency_text": None,
    "number": None,
    "notation": None,
    "number_line": None,
    "place": None,
    "date": None,
    "year": None,
    "date_line": None,
    "is_draft": None,
    "title": None,
    "subject": None,
    "recipients": None,
    "recipient_line": None,
    "recipient_items": None,
    "body": None,
    "body_text": None,
    "signature": frozenset({"lines", "name"}),
    "distribution": None,
    "distribution_lines": None,
    "footer": None,
    "meta": frozenset({"template_id", "template_version", "event_kind", "family"}),
}
"""The fields of ``letter`` in a user template's context, with their sub-fields."""


def _docxtpl() -> Any:
    import docxtpl  # imported on first use: the house writer does not need it

    return docxtpl


@cache
def _environment() -> jinja2.Environment:
    """The allowlist sandbox of user DOCX templates (see :mod:`camon_xinloi.sandbox`)."""
    from camon_xinloi.sandbox import DOCX_LIMITS, SandboxEnvironment

    return SandboxEnvironment(
        limits=DOCX_LIMITS, opaque_types=(_docxtpl().RichText,), autoescape=True
    )


_FULLWIDTH = str.maketrans({"\uff5b": "{", "\uff5d": "}", "\uff05": "%"})
"""Fullwidth ``{``, ``}`` and ``%`` (an input method's or autocorrect's) to ASCII."""
_FULLWIDTH_DELIMITER = re.compile(
    "([{\uff5b])((?:<[^>]*>)*)([{%\uff5b\uff05])|([}%\uff5d\uff05])((?:<[^>]*>)*)([}\uff5d])"
)
_CURLY = "“”‘’„‟‚‛«»"  # noqa: RUF001 - these are the characters we look for


def _ascii_delimiter(match: re.Match[str]) -> str:
    return "".join((g or "") for g in match.groups()).translate(_FULLWIDTH)


def _normalize_braces(text: str) -> str:
    """Turn tag delimiters typed with fullwidth characters into ASCII ones (XML or text)."""
    if "\uff5b" in text or "\uff5d" in text or "\uff05" in text:
        return _FULLWIDTH_DELIMITER.sub(_ascii_delimiter, text)
    return text


class _CompiledCache:
    """Compiled Jinja templates of template parts, keyed by their patched XML."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.items: OrderedDict[tuple[int, str], jinja2.Template] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, source: str, env: jinja2.Environment) -> jinja2.Template:
        key = (id(env), source)
        with self.lock:
            template = self.items.get(key)
            if template is not None:
                self.items.move_to_end(key)
                return template
        template = env.from_string(source)
        with self.lock:
            self.items[key] = template
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return template


def _part_label(partname: object) -> str:
    return PurePosixPath(str(partname)).stem or str(partname)


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _xml_line_text(source: str, lineno: int | None) -> str:
    if lineno is None:
        return ""
    lines = source.split("\n")
    if not 1 <= lineno <= len(lines):
        return ""
    return _shorten(html.unescape(re.sub(r"<[^>]+>", "", lines[lineno - 1])))


def _template_lineno(exc: BaseException) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    tb: TracebackType | None = exc.__traceback__
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def _wrap_template_error(
    exc: Exception, source: str, part: str, xml: str | None = None
) -> TemplateRenderError:
    lineno = _template_lineno(exc) if xml is not None else None
    paragraph = _xml_line_text(xml, lineno) if xml is not None else ""
    message = getattr(exc, "message", None) or str(exc)
    where = f"part {part!r}" + (f", paragraph {paragraph!r}" if paragraph else "")
    hint = ""
    if "undefined" in message or "no attribute" in message:
        hint = "; the context is 'letter' (see docs/docx.md for its fields)"
    return TemplateRenderError(f"{where}: {message}{hint}", template_id=source)


_LITERAL_DELIMITER = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")
"""docxtpl's escapes for a literal tag delimiter in a template's text."""


def _literal_delimiter(match: re.Match[str]) -> str:
    return "{{ '" + match.group().replace("_", "") + "' }}"


@cache
def _template_class() -> type[Any]:
    """Build the docxtpl subclass lazily (docxtpl is imported only for user templates)."""
    base: Any = _docxtpl().DocxTemplate

    class CamonTemplate(base):  # type: ignore[misc]
        """docxtpl with fullwidth-brace repair, compiled-part caching and located errors."""

        camon_source = ""
        camon_cache: _CompiledCache | None = None

        def patch_xml(self, src_xml: str) -> str:
            patched: str = super().patch_xml(_normalize_braces(src_xml))
            return patched

        def render_xml_part(
            self, src_xml: str, part: Any, context: Any, jinja_env: Any = None
        ) -> str:
            src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
            # docxtpl's escapes for a literal "{{" (written "{_{") are turned into Jinja
            # string expressions here, in the template's own text, and not replaced in the
            # output: a value from the letter that holds "{_{" must print as it is.
            src_xml = _LITERAL_DELIMITER.sub(_literal_delimiter, src_xml)
            label = _part_label(getattr(part, "partname", "document"))
            self.current_rendering_part = part
            try:
                cache = self.camon_cache or _CompiledCache()
                dst_xml = cache.get(src_xml, jinja_env).render(context)
            except Exception as exc:
                raise _wrap_template_error(exc, self.camon_source, label, src_xml) from exc
            dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
            resolved: str = self.resolve_listing(dst_xml)
            return resolved

    return CamonTemplate


_NOT_DOCX = "is not a DOCX file"


class _TemplateFiles:
    """Template bytes by path, reread only when the file's mtime or size changes."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[int, int, bytes]] = {}
        self.lock = threading.Lock()

    def read(self, path: str | Path) -> bytes:
        key = str(Path(path).resolve())
        try:
            stat = Path(key).stat()
        except OSError as exc:
            raise RenderError(f"DOCX template {str(path)!r} cannot be read: {exc}") from exc
        with self.lock:
            cached = self.items.get(key)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        try:
            data = read_regular_file(key, max_bytes=MAX_DOCX_BYTES, what="DOCX template")
        except (HostileFileError, OSError) as exc:
            raise RenderError(
                str(exc)
                if isinstance(exc, HostileFileError)
                else f"DOCX template {str(path)!r} cannot be read: {exc}"
            ) from exc
        with self.lock:
            self.items[key] = (stat.st_mtime_ns, stat.st_size, data)
        return data


def _load_template(data: bytes, source: str) -> Any:
    problems = docx_archive_problems(data)
    if problems:
        raise RenderError(
            f"DOCX template {source!r} {'; '.join(problems)};"
            " save it again from Word or LibreOffice as .docx"
        )
    template = _template_class()(io.BytesIO(data))
    try:
        template.init_docx()
    except zipfile.BadZipFile as exc:
        raise RenderError(
            f"DOCX template {source!r} {_NOT_DOCX} (not a valid zip archive: {exc}); "
            "save it again from Word or LibreOffice as .docx"
        ) from exc
    except Exception as exc:
        raise RenderError(
            f"DOCX template {source!r} {_NOT_DOCX} or is damaged ({type(exc).__name__}: {exc}); "
            "save it again from Word or LibreOffice as .docx"
        ) from exc
    return template


def _merge(documents: Sequence[bytes], letters: Sequence[Letter]) -> bytes:
    """Join rendered user-template documents, one section each, into the first one."""
    import copy

    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    base = Document(io.BytesIO(documents[0]))
    body = base.element.body
    final_sect = body.find(qn("w:sectPr"))
    r_id = qn("r:id")
    r_embed = qn("r:embed")
    for data in documents[1:]:
        # End the previous letter's section with a copy of the template's section properties.
        last_p = [el for el in body if el.tag == qn("w:p")]
        if final_sect is not None and last_p:
            para = body.makeelement(qn("w:p"), {})
            ppr = para.makeelement(qn("w:pPr"), {})
            ppr.append(copy.deepcopy(final_sect))
            para.append(ppr)
            final_sect.addprevious(para)
        doc = Document(io.BytesIO(data))
        for element in list(doc.element.body):
            if element.tag == qn("w:sectPr"):
                continue
            for node in element.iter():
                for attr in (r_embed, r_id):
                    rid = node.get(attr)
                    if rid is None:
                        continue
                    rel = doc.part.rels[rid]
                    if rel.is_external:
                        node.set(attr, base.part.relate_to(rel.target_ref, rel.reltype, True))
                    elif rel.reltype == RT.IMAGE:
                        new_rid, _ = base.part.get_or_add_image(io.BytesIO(rel.target_part.blob))
                        node.set(attr, new_rid)
                    else:
                        raise RenderError(
                            f"a DOCX batch cannot merge a template body holding {rel.reltype!r}; "
                            "render one file per letter instead"
                        )
            if final_sect is not None:
                final_sect.addprevious(element)
            else:
                body.append(element)
    buffer = io.BytesIO()
    base.save(buffer)
    return normalize_docx(buffer.getvalue(), created=_core_date(letters[0]))
