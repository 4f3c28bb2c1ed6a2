"""The template catalogue: discovery, metadata and lookup.

A template is a folder ``<family>/<name>/`` holding

* ``meta.toml``: kind, version, title, trích yếu, recipients, description, …;
* ``body.j2``: the Vietnamese prose in the small markup of :mod:`camon_xinloi.markup`;
* ``example.json``: an example event, used by tests and ``camon-xinloi check``.

The built-in templates ship inside the package; :meth:`Catalogue.from_directory`
stacks a user's folder over them (the same id overrides).
"""

from __future__ import annotations

import builtins
import difflib
import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from camon_xinloi._toml import loads as toml_loads
from camon_xinloi.errors import CatalogueError, TemplateNotFoundError, TemplateRenderError
from camon_xinloi.events import Event, event_kinds
from camon_xinloi.sandbox import template_environment
from camon_xinloi.text import clean_text

__all__ = [
    "FAMILIES",
    "Catalogue",
    "Template",
    "applies_to",
    "catalogue",
    "check_template_id",
]

FAMILIES = ("chuc_mung", "chia_buon", "xin_loi", "cam_on")
"""The four letter families: congratulations, condolence, apology, thanks."""

_REQUIRED = ("kind", "version", "title", "recipients")
_KNOWN = {
    *_REQUIRED,
    "id",
    "subject",
    "description",
    "register",
    "distribution",
    "sms",
    "festive",
    "applies_when",
}


@dataclass(frozen=True)
class Template:
    """One letter template: metadata plus Jinja sources.

    Attributes:
        id: "<family>/<name>", e.g. "chuc_mung/ket_hon".
        kind: The event kind it is written for.
        version: Bumped whenever the wording changes (downstream goldens change).
        title: Tên loại, upper case ("THƯ CHÚC MỪNG").
        body: The body source (Jinja + markup).
        recipients: Jinja sources of the "Kính gửi" addressees.
        subject: Jinja source of the trích yếu under the title, or None.
        description: What the template is for (Vietnamese).
        register: The tone ("trang trọng", "ân cần", ...).
        distribution: Jinja sources of "Nơi nhận" items, put before the issuer's own.
        sms: Jinja source of the short form, or None.
        festive: Whether a festive frame may be used (congratulations only).
        applies_when: A Jinja expression over ``event`` that makes this template the
            one :meth:`Catalogue.for_event` picks among those of its kind, or None.
        example: An example event as a dict, or None.
        path: The folder it was loaded from, or None for a drafted template.

    Examples:
        >>> t = Template.from_string("Chúc mừng {{ event.spouses[0].full_name }}.",
        ...     kind="marriage_registered", title="THƯ CHÚC MỪNG",
        ...     recipients=["{{ event.spouses | kinh_gui }}"])
        >>> t.id, t.family
        ('nhap/ban_nhap', 'nhap')
    """

    id: str
    kind: str
    version: str
    title: str
    body: str
    recipients: tuple[str, ...]
    subject: str | None = None
    description: str = ""
    register: str = "trang trọng"
    distribution: tuple[str, ...] = ()
    sms: str | None = None
    festive: bool = False
    applies_when: str | None = None
    example: Mapping[str, Any] | None = field(default=None, compare=False)
    path: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        check_template_id(self.id)

    @property
    def family(self) -> str:
        """The family part of the id ("chuc_mung", "xin_loi", ...)."""
        return self.id.split("/", 1)[0]

    @classmethod
    def from_string(
        cls,
        body: str,
        *,
        kind: str,
        title: str,
        recipients: list[str] | tuple[str, ...],
        id: str = "nhap/ban_nhap",
        version: str = "0",
        subject: str | None = None,
        distribution: list[str] | tuple[str, ...] = (),
        sms: str | None = None,
        example: Mapping[str, Any] | None = None,
    ) -> Template:
        """Make a template from strings, for drafting in a notebook.

        The result is checked like a file template (known kind, non-empty title).
        """
        meta: dict[str, Any] = {
            "kind": kind,
            "version": version,
            "title": title,
            "recipients": list(recipients),
            "distribution": list(distribution),
        }
        if subject is not None:
            meta["subject"] = subject
        if sms is not None:
            meta["sms"] = sms
        return _from_meta(id, meta, body, example, None, where=f"template {id!r}")

    def save(self, directory: str | Path) -> Path:
        """Write the template as ``<directory>/<family>/<name>/`` and return that folder.

        The folder can then be loaded with :meth:`Catalogue.from_directory`.
        """
        root = Path(directory)
        folder = root / self.id  # the id is two safe folder names (checked on creation)
        if not folder.resolve().is_relative_to(root.resolve()):
            raise CatalogueError(f"template {self.id!r} would be saved outside {str(root)!r}")
        folder.mkdir(parents=True, exist_ok=True)
        lines = [
            f"kind = {json.dumps(self.kind, ensure_ascii=False)}",
            f"version = {json.dumps(self.version)}",
            f"title = {json.dumps(self.title, ensure_ascii=False)}",
            f"recipients = {json.dumps(list(self.recipients), ensure_ascii=False)}",
            f"distribution = {json.dumps(list(self.distribution), ensure_ascii=False)}",
            f"register = {json.dumps(self.register, ensure_ascii=False)}",
            f"description = {json.dumps(self.description, ensure_ascii=False)}",
        ]
        if self.subject is not None:
            lines.append(f"subject = {json.dumps(self.subject, ensure_ascii=False)}")
        if self.sms is not None:
            lines.append(f"sms = {json.dumps(self.sms, ensure_ascii=False)}")
        if self.applies_when is not None:
            lines.append(f"applies_when = {json.dumps(self.applies_when, ensure_ascii=False)}")
        (folder / "meta.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "body.j2").write_text(self.body, encoding="utf-8")
        if self.example is not None:
            (folder / "example.json").write_text(
                json.dumps(dict(self.example), ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
        return folder


_ID_SEGMENT = re.compile(r"\w[\w.-]{0,63}")


def check_template_id(template_id: str) -> str:
    """Return the id if it is ``<family>/<name>``, two safe folder names; else raise.

    Each name starts with a letter, digit or ``_`` and holds only those, ``-`` and
    ``.`` (at most 64 characters): no ``..``, no separator, no drive, so a template
    saved or named after its id stays inside its folder.

    Raises:
        CatalogueError: If the id is not two safe folder names.

    Examples:
        >>> check_template_id("chuc_mung/ket_hon")
        'chuc_mung/ket_hon'
        >>> check_template_id("nhap/../../etc")
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.CatalogueError: template id 'nhap/../../etc' must be ...
    """
    parts = template_id.split("/") if isinstance(template_id, str) else []
    if len(parts) != 2 or not all(_ID_SEGMENT.fullmatch(part) for part in parts):
        raise CatalogueError(
            f"template id {template_id!r} must be '<family>/<name>': two folder names of"
            " letters, digits, '_', '-' and '.', each starting with a letter, digit or '_'"
        )
    return template_id


def _str_list(meta: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = meta.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogueError(f"{where}: {key!r} must be a list of strings, got {value!r}")
    return tuple(value)


def _from_meta(
    template_id: str,
    meta: Mapping[str, Any],
    body: str,
    example: Mapping[str, Any] | None,
    path: Path | None,
    *,
    where: str,
) -> Template:
    missing = [k for k in _REQUIRED if k not in meta]
    if missing:
        raise CatalogueError(f"{where}: missing key(s) {', '.join(missing)}")
    unknown = sorted(set(meta) - _KNOWN)
    if unknown:
        raise CatalogueError(f"{where}: unknown key(s) {', '.join(unknown)}")
    if "id" in meta and meta["id"] != template_id:
        raise CatalogueError(
            f"{where}: id {meta['id']!r} does not match its folder {template_id!r}"
        )
    if meta["kind"] not in event_kinds():
        raise CatalogueError(
            f"{where}: unknown event kind {meta['kind']!r}; known: {', '.join(event_kinds())}"
        )
    for key in ("version", "title", "subject", "description", "register", "sms", "applies_when"):
        if key in meta and not isinstance(meta[key], str):
            raise CatalogueError(f"{where}: {key!r} must be a string, got {meta[key]!r}")
    if not meta["title"].strip():
        raise CatalogueError(f"{where}: 'title' is empty")
    for key in ("title", "description", "register"):
        if key in meta:
            try:
                clean_text(meta[key], field=key)
            except ValueError as exc:
                raise CatalogueError(f"{where}: {exc}") from None
    if "festive" in meta and not isinstance(meta["festive"], bool):
        raise CatalogueError(f"{where}: 'festive' must be true or false")
    recipients = _str_list(meta, "recipients", where)
    if not recipients:
        raise CatalogueError(f"{where}: 'recipients' is empty")
    return Template(
        id=template_id,
        kind=meta["kind"],
        version=meta["version"],
        title=meta["title"],
        body=body,
        recipients=recipients,
        subject=meta.get("subject"),
        description=meta.get("description", ""),
        register=meta.get("register", "trang trọng"),
        distribution=_str_list(meta, "distribution", where),
        sms=meta.get("sms"),
        festive=meta.get("festive", False),
        applies_when=meta.get("applies_when"),
        example=example,
        path=path,
    )


def load_template(folder: Path, template_id: str) -> Template:
    """Load one template folder; errors name the path."""
    where = str(folder)
    try:
        meta = toml_loads((folder / "meta.toml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"{where}: meta.toml is missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{where}/meta.toml is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise CatalogueError(f"{where}/meta.toml cannot be read: {exc.strerror or exc}") from exc
    try:
        body = (folder / "body.j2").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"{where}: body.j2 is missing") from None
    except UnicodeDecodeError as exc:
        raise CatalogueError(
            f"{where}/body.j2 is not UTF-8 text: {exc}; save it again as UTF-8"
        ) from exc
    except OSError as exc:
        raise CatalogueError(f"{where}/body.j2 cannot be read: {exc.strerror or exc}") from exc
    example: dict[str, Any] | None = None
    example_path = folder / "example.json"
    if example_path.exists():
        try:
            example = json.loads(example_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CatalogueError(f"{example_path}: invalid JSON: {exc}") from exc
        except OSError as exc:
            raise CatalogueError(f"{example_path} cannot be read: {exc.strerror or exc}") from exc
        if not isinstance(example, dict):
            raise CatalogueError(f"{example_path}: must hold a JSON object")
    return _from_meta(template_id, meta, body, example, folder, where=where)


def _scan(root: Path) -> dict[str, Template]:
    if not root.is_dir():
        raise CatalogueError(f"template folder {str(root)!r} does not exist")
    found: dict[str, Template] = {}
    for meta in sorted(root.glob("*/*/meta.toml")):
        folder = meta.parent
        template_id = f"{folder.parent.name}/{folder.name}"
        found[template_id] = load_template(folder, template_id)
    return found


def builtin_templates_dir() -> Path:
    """Return the folder of the built-in templates, in a wheel or in a source checkout."""
    packaged = Path(__file__).parent / "templates" / "vi"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "templates" / "vi"
    if checkout.is_dir():
        return checkout
    raise CatalogueError(
        f"built-in templates not found in {str(packaged)!r} or {str(checkout)!r};"
        " reinstall camon-xinloi"
    )


class Catalogue:
    """An ordered stack of template sources; later sources override earlier ones.

    Examples:
        >>> cat = catalogue()
        >>> "chuc_mung/ket_hon" in cat
        True
        >>> cat.get("chuc_mung/ket_hn")
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.TemplateNotFoundError: unknown template 'chuc_mung/ket_hn'; ...
    """

    def __init__(self, templates: Mapping[str, Template] | None = None) -> None:
        self._templates: dict[str, Template] = dict(templates or {})

    @classmethod
    def builtin(cls) -> Catalogue:
        """The catalogue of built-in templates."""
        return cls(_scan(builtin_templates_dir()))

    @classmethod
    def from_directory(cls, path: str | Path, *, base: Catalogue | None = None) -> Catalogue:
        """Stack the templates found in ``path`` over ``base`` (the built-ins by default)."""
        base = catalogue() if base is None else base
        return cls({**base._templates, **_scan(Path(path))})

    def with_template(self, template: Template) -> Catalogue:
        """Return a new catalogue with ``template`` added (or replacing the same id)."""
        return Catalogue({**self._templates, template.id: template})

    def get(self, template_id: str) -> Template:
        """Return the template with this id, or raise with close matches."""
        try:
            return self._templates[template_id]
        except KeyError:
            close = difflib.get_close_matches(template_id, self._templates, n=3, cutoff=0.6)
            raise TemplateNotFoundError(template_id, close) from None

    def list(
        self, *, family: str | None = None, kind: str | None = None
    ) -> builtins.list[Template]:
        """Return the templates, sorted by id, optionally of one family or event kind."""
        return [
            t
            for _, t in sorted(self._templates.items())
            if (family is None or t.family == family) and (kind is None or t.kind == kind)
        ]

    def ids(self) -> builtins.list[str]:
        """Return every template id, sorted."""
        return sorted(self._templates)

    def for_kind(self, kind: str) -> Template:
        """Return the default template for an event kind (the first id of that kind)."""
        matching = self.list(kind=kind)
        if not matching:
            raise TemplateNotFoundError(f"<any template for {kind}>", [])
        return matching[0]

    def for_event(self, event: Event) -> Template:
        """Return the template that fits an event best.

        Among the templates of the event's kind, the first (by id) whose
        ``applies_when`` holds for the event; else the first without a condition;
        else :meth:`for_kind`'s. A condolence for a Catholic family thus gets
        ``chia_buon/khai_tu_cong_giao``, an apology for a staff member's attitude
        ``xin_loi/thai_do``.

        Raises:
            TemplateNotFoundError: If no template has the event's kind.
            TemplateRenderError: If a condition fails (it names the template).

        Examples:
            >>> from camon_xinloi.testing import example_event
            >>> catalogue().for_event(example_event("xin_loi/thai_do")).id
            'xin_loi/thai_do'
        """
        matching = self.list(kind=event.kind)
        if not matching:
            raise TemplateNotFoundError(f"<any template for {event.kind}>", [])
        for template in matching:
            if template.applies_when is not None and applies_to(template, event):
                return template
        unconditional = [t for t in matching if t.applies_when is None]
        return (unconditional or matching)[0]

    def __contains__(self, template_id: object) -> bool:
        return template_id in self._templates

    def __iter__(self) -> Iterator[Template]:
        return iter(self.list())

    def __len__(self) -> int:
        return len(self._templates)


def applies_to(template: Template, event: Event) -> bool:
    """Evaluate a template's ``applies_when`` condition for an event (True when it has none).

    The condition runs in the template sandbox, like the template itself.

    Raises:
        TemplateRenderError: If the condition is not a valid expression or fails.

    Examples:
        >>> from camon_xinloi.testing import example_event
        >>> applies_to(catalogue().get("xin_loi/thai_do"), example_event("xin_loi/thai_do"))
        True
    """
    if template.applies_when is None:
        return True
    try:
        return bool(template_environment().evaluate(template.applies_when, event=event))
    except Exception as exc:
        raise TemplateRenderError(
            f"applies_when {template.applies_when!r}: {exc}", template_id=template.id
        ) from exc


@cache
def catalogue() -> Catalogue:
    """Return the default catalogue (the built-in templates), loaded once.

    Examples:
        >>> catalogue().get("chuc_mung/ket_hon").title
        'THƯ CHÚC MỪNG'
    """
    return Catalogue.builtin()
