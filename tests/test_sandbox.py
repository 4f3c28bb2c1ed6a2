"""The template sandbox: templates see data, never objects (issue 18, point 1)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from pathlib import Path
from typing import Any

import pytest
from jinja2.runtime import Macro
from jinja2.utils import Cycler, Joiner

import camon_xinloi as cx
from camon_xinloi.catalogue import Template, catalogue
from camon_xinloi.sandbox import SandboxEnvironment, View, template_data, template_environment
from camon_xinloi.testing import example_event, example_issuer

ISSUER_TOML = """\
unit_type = "xã"
name = "Xuân Phú"
province = "tỉnh Đồng Nai"
[signatory]
full_name = "Lê Thị Hoa"
"""


def _compose(body: str) -> cx.Letter:
    template = Template.from_string(
        body, kind="marriage_registered", title="THƯ", recipients=["x"], id="nhap/tan_cong"
    )
    return cx.compose(
        template,
        example_event("chuc_mung/ket_hon"),
        issuer=example_issuer(),
        on=dt.date(2026, 3, 5),
    )


@pytest.fixture
def secret_toml(tmp_path: Path) -> Path:
    path = tmp_path / "portal.toml"
    path.write_text(ISSUER_TOML, encoding="utf-8")
    return path


ATTACKS = [
    # The critical one: a classmethod of a model that reads any file.
    "{{ issuer.from_toml(PATH) }}",
    "{{ issuer.signatory.from_toml(PATH) }}",
    "{{ issuer.from_dict({'unit_type': 'xã'}) }}",
    "{{ event.spouses[0].model_validate({}) }}",
    "{{ event.model_json_schema() }}",
    "{{ issuer | attr('from_toml') }}",
    "{{ [issuer] | map(attribute='from_toml') | first }}",
    "{{ issuer['from_toml'] }}",
    "{{ event.__class__ }}",
    "{{ event._values }}",
    "{{ event._kind }}",
    "{{ event.field_names }}",
    "{{ event.missing('x') }}",
    # Globals: only range, dict, namespace, cycler, joiner.
    "{{ lipsum(1) }}",
    "{{ range.__self__ }}",
    "{{ range.__func__ }}",
    "{{ dict.fromkeys([1]) }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner().__call__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__class__ }}",
    # str: only a few harmless methods.
    "{{ ''.format }}",
    "{{ '{0.__class__}'.format(1) }}",
    "{{ 'x'.center(5) }}",
    "{{ 'x'.join(['a']) }}",
    "{{ 'x'.encode() }}",
    "{{ 'x'.maketrans('a', 'b') }}",
    # Dates, numbers, tuples: fields only.
    "{{ event.registered_on.strftime('%Y') }}",
    "{{ event.registered_on.replace(year=1) }}",
    "{{ event.registered_on.fromisoformat('2020-01-01') }}",
    "{{ (1).to_bytes(4, 'big') }}",
    "{{ (1).__class__ }}",
    "{{ event.spouses.index(1) }}",
    "{{ event.spouses.__class__ }}",
    "{{ {}.update(a=1) }}",
    "{{ {}.__class__ }}",
    "{% for x in [1] %}{{ loop.__class__ }}{% endfor %}",
    "{% for x in [1] %}{{ loop([2]) }}{% endfor %}",
    "{% for x in [[1]] recursive %}{{ loop(x) }}{% endfor %}",
    "{% set ns = namespace() %}{{ ns.__class__ }}",
    "{% macro m() %}{% endmacro %}{{ m._func }}",
    "{% macro m() %}{% endmacro %}{{ m.__call__ }}",
    "{{ cycler(1).__class__ }}",
]


@pytest.mark.parametrize("body", ATTACKS)
def test_attacks_are_template_render_errors(body: str, secret_toml: Path):
    source = body.replace("PATH", repr(str(secret_toml)))
    with pytest.raises(cx.TemplateRenderError) as info:
        _compose(source)
    assert "Xuân Phú" not in str(info.value)
    assert info.value.template_id == "nhap/tan_cong"


def test_from_toml_is_not_even_reached(monkeypatch: pytest.MonkeyPatch, secret_toml: Path):
    calls: list[object] = []
    monkeypatch.setattr(cx.Issuer, "from_toml", classmethod(lambda cls, p: calls.append(p)))
    with pytest.raises(cx.TemplateRenderError, match="from_toml"):
        _compose(f"{{{{ issuer.from_toml({str(secret_toml)!r}) }}}}")
    assert calls == []


def test_applies_when_runs_in_the_same_sandbox(secret_toml: Path):
    template = Template.from_string(
        "x", kind="marriage_registered", title="THƯ", recipients=["x"], id="nhap/dieu_kien"
    )
    condition = f"issuer.from_toml({str(secret_toml)!r})"
    template = dataclasses.replace(template, applies_when=condition)
    with pytest.raises(cx.TemplateRenderError, match="applies_when"):
        catalogue().with_template(template).for_event(example_event("chuc_mung/ket_hon"))


def test_data_reads_as_before():
    letter = _compose(
        "{{ event.spouses[0].full_name }}, {{ event['kind'] }}, {{ issuer.committee }},"
        " {{ issuer.signatory.block_lines | join(' / ') }}, {{ event.registered_on.year }},"
        " {{ 'ân'.upper() }}, {{ event.spouses | map(attribute='sex') | join('+') }}."
    )
    assert letter.body[0].text == (
        "Lê Trung Dũng, marriage_registered, Ủy ban nhân dân Phường 1 Bảo Lộc,"
        " TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH, 2026, ÂN, nam+nu./."
    )


def test_template_data_refuses_objects():
    for value in (open, Path("/etc/passwd"), cx.Issuer, object(), dt, print):
        with pytest.raises(TypeError, match="cannot be given"):
            template_data(value)
    env = SandboxEnvironment()
    with pytest.raises(TypeError, match="cannot be given"):
        env.from_string("{{ f }}").render(f=open)


def test_views_are_read_only():
    view = template_data(example_issuer())
    assert isinstance(view, View)
    with pytest.raises(AttributeError, match="read-only"):
        view.name = "x"
    with pytest.raises(AttributeError, match="has no field 'from_toml'"):
        _ = view.from_toml
    assert view.committee == example_issuer().committee
    assert repr(view) == "<Issuer>"


# --- walking everything a template can reach ---------------------------------------------

ALLOWED_CALLABLES = {
    *(
        f"str.{name}"
        for name in [
            "capitalize",
            "casefold",
            "count",
            "endswith",
            "find",
            "isalnum",
            "isalpha",
            "isdecimal",
            "isdigit",
            "islower",
            "isnumeric",
            "isspace",
            "istitle",
            "isupper",
            "lower",
            "lstrip",
            "partition",
            "removeprefix",
            "removesuffix",
            "rfind",
            "rpartition",
            "rsplit",
            "rstrip",
            "split",
            "splitlines",
            "startswith",
            "strip",
            "swapcase",
            "title",
            "upper",
        ]
    ),
    "date.weekday",
    "date.isoweekday",
    "date.isoformat",
    "time.isoformat",
    "dict.items",
    "dict.keys",
    "dict.values",
    "dict.get",
    "Cycler.next",
    "Cycler.reset",
    "global.range",
    "global.dict",
    "global.namespace",
    "global.cycler",
    "global.joiner",
    "Joiner",
}


def _name(env: SandboxEnvironment, obj: Any) -> str:
    for name, value in env.globals.items():
        if obj is value or obj == value:
            return f"global.{name}"
    if isinstance(obj, (Joiner, Macro)):
        return type(obj).__name__
    owner = getattr(obj, "__self__", None)
    return f"{type(owner).__name__}.{getattr(obj, '__name__', '?')}"


def _reachable_callables(env: SandboxEnvironment, roots: list[Any]) -> set[str]:
    seen: set[object] = set()
    queue = list(roots)
    found: set[str] = set()
    while queue:
        obj = queue.pop()
        if isinstance(obj, str):
            key: object = ("str", len(obj) > 0)  # every text has the same methods
        else:
            key = (type(obj), id(obj))
        if key in seen or isinstance(obj, (int, float)):
            continue
        seen.add(key)
        children: list[Any] = []
        for attr in dir(obj):
            try:
                value = getattr(obj, attr)
            except Exception:
                continue
            if env.is_safe_attribute(obj, attr, value):
                children.append(value)
        if isinstance(obj, View):
            children += [obj[name] for name in obj.field_names]
        elif isinstance(obj, dict):
            children += list(obj.values())
        elif isinstance(obj, tuple):
            children += list(obj)
        for child in children:
            if callable(child):
                found.add(_name(env, child))
                assert env.is_safe_callable(child), _name(env, child)
                try:
                    queue.append(child())
                except Exception:
                    continue
            else:
                queue.append(child)
    return found


def test_everything_reachable_from_a_context_is_on_the_allowlist():
    env = template_environment()
    roots: list[Any] = [
        template_data(example_issuer()),
        dt.date(2026, 3, 5),
        dt.time(14, 30),
        {"a": "b"},
        Cycler(1, 2),
        *(template_data(example_event(t.id)) for t in catalogue()),
    ]
    globals_ = list(env.globals.values())
    found = _reachable_callables(env, [*roots, {"globals": tuple(globals_)}])
    found |= {_name(env, g) for g in globals_}
    assert found <= ALLOWED_CALLABLES, found - ALLOWED_CALLABLES
    # The walk did reach data and methods (it could have found nothing).
    assert {"str.upper", "date.isoformat", "global.range"} <= found


@pytest.mark.parametrize(
    "obj",
    [
        cx.Issuer.from_toml,
        cx.Issuer.from_dict,
        example_issuer().model_dump,
        open,
        print,
        Path.read_text,
        "x".format,
        "x".center,
        "x".join,
        dt.date.today,
        dt.date(2026, 1, 1).replace,
        dt.date(2026, 1, 1).strftime,
        (1).to_bytes,
        dict,
        range,
        type,
    ],
)
def test_is_safe_callable_refuses(obj: Any):
    assert not template_environment().is_safe_callable(obj)


def test_filters_are_an_allowlist():
    env = template_environment()
    for name in ("pprint", "tojson", "urlize", "xmlattr", "random", "filesizeformat", "urlencode"):
        assert name not in env.filters
    with pytest.raises(cx.TemplateRenderError, match="No filter named 'pprint'"):
        _compose("{{ event | pprint }}")


def test_compose_template_environment_moved_with_a_warning():
    compose_module = importlib.import_module("camon_xinloi.compose")
    with pytest.warns(DeprecationWarning, match=r"camon_xinloi\.sandbox"):
        env = compose_module.template_environment
    assert env is template_environment


def test_everything_reachable_from_a_docx_context_is_on_the_allowlist():
    from camon_xinloi.render.docx import letter_context
    from camon_xinloi.render.docx._user_template import _environment
    from camon_xinloi.testing import example_letter

    env = _environment()
    assert isinstance(env, SandboxEnvironment)
    context = letter_context(example_letter())
    roots = [template_data(context, opaque=env.opaque_types)]
    found = _reachable_callables(env, roots)
    assert found <= ALLOWED_CALLABLES, found - ALLOWED_CALLABLES
    assert {"str.upper", "dict.items"} <= found
