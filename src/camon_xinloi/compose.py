"""Compose a Letter from a template, an event and an issuer.

Templates are rendered in the allowlist sandbox of :mod:`camon_xinloi.sandbox`
with :class:`jinja2.StrictUndefined`: templates come from portal administrators
and see only data (a read-only view of the event and the issuer, the letter
date and the filters), every render is bounded, and a missing field is an error
naming the template and line, never an empty gap in a letter.
"""

from __future__ import annotations

import datetime as dt
import types
import warnings
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import nodes

from camon_xinloi.catalogue import Catalogue, Template, applies_to
from camon_xinloi.catalogue import catalogue as default_catalogue
from camon_xinloi.errors import EventMismatchError, TemplateRenderError
from camon_xinloi.events import FIRST_DATE, LAST_DATE, Event
from camon_xinloi.issuer import Issuer, Signatory
from camon_xinloi.letter import END_MARK, Letter, LetterMeta, Paragraph, SignatureBlock
from camon_xinloi.markup import parse_markup
from camon_xinloi.sandbox import template_data
from camon_xinloi.sandbox import template_environment as _environment

__all__ = ["applies_to", "compose"]


_NOT_ALLOWED = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
}


def __getattr__(name: str) -> Any:
    if name == "template_environment":
        warnings.warn(
            "camon_xinloi.compose.template_environment moved to"
            " camon_xinloi.sandbox.template_environment",
            DeprecationWarning,
            stacklevel=2,
        )
        return _environment
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _lineno(exc: BaseException, filename: str) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    tb: types.TracebackType | None = exc.__traceback__
    found: int | None = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


@lru_cache(maxsize=512)
def _compiled(template: Template, part: str) -> jinja2.Template:
    source = _source(template, part)
    filename = f"{template.id}:{part}"
    env = _environment()
    try:
        ast = env.parse(source, name=template.id, filename=filename)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRenderError(
            f"{part}: syntax error: {exc.message}", template_id=template.id, lineno=exc.lineno
        ) from exc
    for node in ast.find_all(tuple(_NOT_ALLOWED)):
        tag = _NOT_ALLOWED[type(node)]
        raise TemplateRenderError(
            f"{part}: '{{% {tag} %}}' is not allowed; a template is one self-contained"
            " text (use {% set %} or a {% macro %} inside it)",
            template_id=template.id,
            lineno=node.lineno,
        )
    try:
        code = env.compile(ast, name=template.id, filename=filename)
    except jinja2.TemplateSyntaxError as exc:  # an unknown filter, a recursive loop
        raise TemplateRenderError(
            f"{part}: {exc.message}", template_id=template.id, lineno=exc.lineno
        ) from exc
    return env.template_class.from_code(env, code, env.globals)


def _source(template: Template, part: str) -> str:
    if part == "body":
        return template.body
    if part == "subject":
        return template.subject or ""
    if part == "sms":
        return template.sms or ""
    if part.startswith("recipients"):
        return template.recipients[int(part.removeprefix("recipients"))]
    if part.startswith("distribution"):
        return template.distribution[int(part.removeprefix("distribution"))]
    raise ValueError(part)


def _render(template: Template, part: str, context: Mapping[str, Any]) -> str:
    compiled = _compiled(template, part)
    try:
        return compiled.render(context)
    except jinja2.TemplateError as exc:
        raise TemplateRenderError(
            f"{part}: {exc}", template_id=template.id, lineno=_lineno(exc, f"{template.id}:{part}")
        ) from exc
    except Exception as exc:
        # A filter refused a value (a date out of range, a wrong type), a macro
        # calls itself without end, or any other mistake of the template.
        raise TemplateRenderError(
            f"{part}: {exc}",
            template_id=template.id,
            lineno=_lineno(exc, f"{template.id}:{part}"),
        ) from exc


def _plain(template: Template, part: str, context: Mapping[str, Any]) -> str:
    """Render a one-line part (recipient, subject) and drop literal markers."""
    text = _render(template, part, context)
    try:
        paragraphs = parse_markup(text)
    except ValueError as exc:
        raise TemplateRenderError(f"{part}: {exc}", template_id=template.id) from exc
    if len(paragraphs) > 1:
        raise TemplateRenderError(f"{part}: must be one paragraph", template_id=template.id)
    return paragraphs[0].text if paragraphs else ""


def _with_end_mark(body: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """End the content with "./." (Decree 30, Phụ lục III), turning a final "." into it."""
    last = body[-1]
    if last.text.endswith(END_MARK):
        return body
    runs = list(last.runs)
    tail = runs[-1]
    text = tail.text[:-1] if tail.text.endswith(".") else tail.text
    runs[-1] = tail.model_copy(update={"text": text + END_MARK})
    return (*body[:-1], last.model_copy(update={"runs": tuple(runs)}))


def compose(
    template: str | Template,
    event: Event,
    *,
    issuer: Issuer,
    on: dt.date | None = None,
    number: int | None = None,
    draft: bool = False,
    signatory: Signatory | None = None,
    catalogue: Catalogue | None = None,
    today: Callable[[], dt.date] = dt.date.today,
) -> Letter:
    """Compose a letter.

    Args:
        template: A template id ("chuc_mung/ket_hon") or a :class:`Template`.
        event: The event the letter is about; its kind must match the template's.
        issuer: The People's Committee sending the letter.
        on: The issue date; today when not given.
        number: The document number (printed with a leading zero below 10), or None.
        draft: Make an issuance draft for an e-office system: number and date are left
            blank for the system to fill (Decree 30, Điều 15.3); ``on`` then only sets
            the year and the age-dependent wording.
        signatory: Who signs, when not the issuer's default signatory.
        catalogue: Where template ids are looked up; the built-in catalogue by default.
        today: The clock used when ``on`` is not given (for tests).

    Returns:
        The composed :class:`Letter`.

    Raises:
        TemplateNotFoundError: If the template id is unknown.
        EventMismatchError: If the event is not of the template's kind.
        TemplateRenderError: If the template fails (with its id and line).
        ValueError: If ``number`` is not positive or the date is outside
            :data:`~camon_xinloi.events.FIRST_DATE` … :data:`~camon_xinloi.events.LAST_DATE`.

    Examples:
        >>> from camon_xinloi.testing import example_event, example_issuer
        >>> letter = compose("chuc_mung/ket_hon", example_event("chuc_mung/ket_hon"),
        ...                  issuer=example_issuer(), on=dt.date(2026, 3, 5), number=5)
        >>> letter.date_line
        'Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026'
        >>> letter.recipients
        ('Anh Lê Trung Dũng và chị Vũ Thị Huệ',)
    """
    spec = (
        template
        if isinstance(template, Template)
        else (catalogue or default_catalogue()).get(template)
    )
    if event.kind != spec.kind:
        raise EventMismatchError(
            f"template {spec.id!r} is written for {spec.kind!r} events,"
            f" not {event.kind!r}; choose a template of kind {event.kind!r}"
        )
    letter_date = on or today()
    if not FIRST_DATE <= letter_date <= LAST_DATE:
        raise ValueError(
            f"the issue date {letter_date.isoformat()} is outside the supported range"
            f" {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"
        )
    if number is not None and (isinstance(number, bool) or number < 1):
        raise ValueError(f"the document number must be a positive whole number, got {number!r}")
    signer = signatory or issuer.signatory
    # Turned into template data once, for all the parts (each render would do it again).
    context: dict[str, Any] = {
        "event": template_data(event),
        "issuer": template_data(issuer),
        "on": letter_date,
    }
    body_source = _render(spec, "body", context)
    try:
        body = parse_markup(body_source)
    except ValueError as exc:
        raise TemplateRenderError(f"body: {exc}", template_id=spec.id) from exc
    if not body:
        raise TemplateRenderError("body: the letter has no text", template_id=spec.id)
    recipients = tuple(_plain(spec, f"recipients{i}", context) for i in range(len(spec.recipients)))
    subject = _plain(spec, "subject", context) if spec.subject else None
    distribution = tuple(
        _plain(spec, f"distribution{i}", context) for i in range(len(spec.distribution))
    )
    sms = _plain(spec, "sms", context) if spec.sms else None
    return Letter(
        parent_agency=issuer.parent_agency,
        agency=issuer.agency_lines,
        agency_name=issuer.committee,
        number=None if draft else number,
        notation=issuer.notation,
        place=issuer.place_name,
        date=None if draft else letter_date,
        year=letter_date.year,
        title=spec.title,
        subject=subject or None,
        recipients=recipients,
        body=_with_end_mark(body),
        signature=SignatureBlock(lines=signer.block_lines, name=signer.full_name),
        distribution=(*distribution, *issuer.distribution),
        footer=issuer.footer,
        sms=sms,
        meta=LetterMeta(
            template_id=spec.id,
            template_version=spec.version,
            event_kind=spec.kind,
            family=spec.family,
        ),
    )
