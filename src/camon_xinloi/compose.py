"""Compose a Letter from a template, an event and an issuer.

Templates are rendered in a :class:`jinja2.sandbox.ImmutableSandboxedEnvironment`
with :class:`jinja2.StrictUndefined`: templates come from portal administrators
and must not reach Python internals, and a missing field is an error naming the
template and line, never an empty gap in a letter.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from camon_xinloi.catalogue import Catalogue, Template
from camon_xinloi.catalogue import catalogue as default_catalogue
from camon_xinloi.errors import EventMismatchError, TemplateRenderError
from camon_xinloi.events import Event
from camon_xinloi.filters import FILTERS
from camon_xinloi.issuer import Issuer, Signatory
from camon_xinloi.letter import END_MARK, Letter, LetterMeta, Paragraph, SignatureBlock
from camon_xinloi.markup import literal, parse_markup

__all__ = ["applies_to", "compose", "template_environment"]


_PYDANTIC_V1_METHODS = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)
"""The deprecated pydantic v1 methods that every model still carries."""


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, also closed to pydantic's own API on events and issuers.

    A template reads fields and properties (``event.spouses``, ``event.age``);
    ``model_config``, ``model_dump_json``, ``model_copy`` and the like are not
    data and are refused like ``__class__``.
    """

    @staticmethod
    def _pydantic_api(obj: Any, attr: object) -> bool:
        return (
            isinstance(obj, BaseModel)
            and isinstance(attr, str)
            and (attr.startswith("model_") or attr in _PYDANTIC_V1_METHODS)
            and attr not in type(obj).model_fields
        )

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if self._pydantic_api(obj, attr):
            return False
        return super().is_safe_attribute(obj, attr, value)

    # Checked before the attribute is read: reading some of them warns or computes.
    def getattr(self, obj: Any, attribute: str) -> Any:
        if self._pydantic_api(obj, attribute):
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if self._pydantic_api(obj, argument):
            return self.unsafe_undefined(obj, argument)
        return super().getitem(obj, argument)

    # ``range`` is already bounded by the sandbox (MAX_RANGE); bound the two
    # operators that can make a huge number or string from a short template.
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > _MAX_POWER:
            raise SecurityError(f"the exponent {right!r} is too large (at most {_MAX_POWER})")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if (
                    isinstance(seq, (str, list, tuple))
                    and isinstance(n, int)
                    and len(seq) * n > _MAX_REPEAT
                ):
                    raise SecurityError(
                        f"repeating a sequence {n!r} times is too long"
                        f" (at most {_MAX_REPEAT} items)"
                    )
        return super().call_binop(context, operator, left, right)


_MAX_POWER = 256
_MAX_REPEAT = 100_000


_NOT_ALLOWED = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
}


@cache
def template_environment() -> jinja2.Environment:
    """Return the sandboxed Jinja environment that renders template prose.

    Every ``{{ value }}`` is wrapped as a literal span (see :mod:`camon_xinloi.markup`),
    so citizen data is never read as markup.

    Examples:
        >>> env = template_environment()
        >>> env.from_string("{{ ''.__class__.__mro__ }}").render()
        Traceback (most recent call last):
        ...
        jinja2.exceptions.SecurityError: access to attribute '__class__' of 'str' object is unsafe.
    """
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=literal,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env


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
    env = template_environment()
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
    code = env.compile(ast, name=template.id, filename=filename)
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


def applies_to(template: Template, event: Event) -> bool:
    """Evaluate a template's ``applies_when`` condition for an event (True when it has none).

    Raises:
        TemplateRenderError: If the condition is not a valid expression or fails.
    """
    if template.applies_when is None:
        return True
    env = template_environment()
    try:
        condition = env.compile_expression(template.applies_when, undefined_to_none=False)
        return bool(condition(event=event))
    except (jinja2.TemplateError, ValueError, TypeError, LookupError) as exc:
        raise TemplateRenderError(
            f"applies_when {template.applies_when!r}: {exc}", template_id=template.id
        ) from exc


def _render(template: Template, part: str, context: Mapping[str, Any]) -> str:
    compiled = _compiled(template, part)
    try:
        return compiled.render(context)
    except jinja2.TemplateError as exc:
        raise TemplateRenderError(
            f"{part}: {exc}", template_id=template.id, lineno=_lineno(exc, f"{template.id}:{part}")
        ) from exc
    except (ValueError, TypeError, LookupError, ArithmeticError, RecursionError) as exc:
        # A filter refused a value (a date out of range, a wrong type), or a macro
        # calls itself without end.
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
    signer = signatory or issuer.signatory
    context: dict[str, Any] = {"event": event, "issuer": issuer, "on": letter_date}
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
