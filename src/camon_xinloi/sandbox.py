"""The template sandbox: templates see data, not objects, and every render is bounded.

Templates come from portal administrators and are untrusted. They run in a
:class:`SandboxEnvironment`, a Jinja sandbox built as an *allowlist*:

* **Data, not objects.** Whatever is passed to a template is first turned into
  template data (:func:`template_data`): text, numbers, dates, tuples, mappings,
  and a read-only :class:`View` for each event, person or issuer, which holds its
  fields and its documented derived values (``event.age``, ``issuer.committee``)
  and nothing else. No method of a model, no classmethod (``issuer.from_toml``),
  no module and nothing that opens a file is reachable.
* **Allowlisted attributes and calls.** A template may read only the attributes
  in :data:`SAFE_ATTRIBUTES` (a few harmless ``str`` methods, a date's fields …)
  and call only those methods, its own macros, and the globals ``range``,
  ``dict``, ``namespace``, ``cycler`` and ``joiner``. Filters are the project's
  Vietnamese filters and an allowlist of Jinja's own (:data:`BUILTIN_FILTERS`).
* **Bounded.** Every render has a budget (:class:`TemplateLimits`): loop
  iterations, calls and the text written are counted, every value a template
  builds is measured, and the operations that could build a huge value from a
  short template (``'x' * n``, ``~``, ``center``, ``format``, ``replace``,
  ``join`` …) are checked *before* they run. Exceeding a limit raises
  :class:`jinja2.exceptions.SecurityError`, which callers turn into a
  :class:`~camon_xinloi.errors.TemplateRenderError` naming the template and line.

Examples:
    >>> env = template_environment()
    >>> env.from_string("{{ ''.__class__ }}").render()
    Traceback (most recent call last):
    ...
    jinja2.exceptions.SecurityError: access to attribute '__class__' of 'str' object is unsafe.
    >>> env.from_string("{{ 'x' * 10**9 }}").render()
    Traceback (most recent call last):
    ...
    jinja2.exceptions.SecurityError: the result would be longer than 200000 (a template limit)
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar, Final, Literal, cast

import jinja2
from jinja2 import filters as jinja_filters
from jinja2 import nodes
from jinja2 import tests as jinja_tests
from jinja2.compiler import CodeGenerator, Frame, operators
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup
from pydantic import BaseModel

from camon_xinloi.filters import FILTERS
from camon_xinloi.markup import literal

__all__ = [
    "BUILTIN_FILTERS",
    "BUILTIN_TESTS",
    "DOCX_LIMITS",
    "MACRO_CALL_STEPS",
    "SAFE_ATTRIBUTES",
    "TEMPLATE_LIMITS",
    "SandboxEnvironment",
    "TemplateLimits",
    "View",
    "template_data",
    "template_environment",
]


@dataclasses.dataclass(frozen=True)
class TemplateLimits:
    """What one render of one template may cost.

    Attributes:
        max_source: The longest template source, in characters.
        max_steps: Loop iterations, filter and method calls, macro calls (each counts
            as :data:`MACRO_CALL_STEPS`), together.
        max_value: The largest value a template may build: characters of a text,
            items of a list (counting nested items), digits of a number / 3.
        max_output: Characters written, in all, including text repeated by loops.
        max_range: The longest ``range()``.
        max_int_bits: The largest integer a template may compute, in bits.
        max_width: The largest width or precision in a ``%`` format.

    Examples:
        >>> TEMPLATE_LIMITS.max_steps
        50000
    """

    max_source: int = 200_000
    max_steps: int = 50_000
    max_value: int = 200_000
    max_output: int = 1_000_000
    max_range: int = 10_000
    max_int_bits: int = 4_096
    max_width: int = 1_000


TEMPLATE_LIMITS: Final = TemplateLimits()
"""The limits of the letter templates (body, recipients, subject, sms)."""

DOCX_LIMITS: Final = TemplateLimits(
    max_source=50_000_000, max_steps=100_000, max_value=2_000_000, max_output=60_000_000
)
"""The limits of a user DOCX template: its parts are whole XML documents."""


# --- template data -------------------------------------------------------------------------

MACRO_CALL_STEPS: Final = 20
"""The steps a macro call counts for: it costs about as much as twenty loop passes."""

_SCALARS = (str, int, float, Decimal, dt.date, dt.time, type(None))


class View:
    """A read-only view of a model for templates: its fields and documented derived values.

    Attribute and item access both read a name (``person.full_name``,
    ``person["full_name"]``); nothing else is reachable, and nothing can be set.
    A view prints as ``<Person>``.

    Examples:
        >>> from camon_xinloi.events import Person
        >>> view = template_data(Person(full_name="lê thị hoa", sex="nu"))
        >>> view.full_name, view["sex"], view
        ('Lê Thị Hoa', 'nu', <Person>)
        >>> view.model_dump
        Traceback (most recent call last):
        ...
        AttributeError: Person has no field 'model_dump' (it has: full_name, sex, ...)
    """

    __slots__ = ("_kind", "_values")

    _kind: str
    _values: Mapping[str, Any]

    def __init__(self, kind: str, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(self.missing(name)) from None

    def missing(self, name: object) -> str:
        """The message for a name the view does not have (not readable from a template)."""
        return f"{self._kind} has no field {name!r} (it has: {', '.join(self._values)})"

    def __getitem__(self, name: object) -> Any:
        if isinstance(name, str) and name in self._values:
            return self._values[name]
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{self._kind} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self._kind} is read-only")

    def __repr__(self) -> str:
        return f"<{self._kind}>"

    @property
    def field_names(self) -> frozenset[str]:
        """The names a template may read (not itself readable from a template)."""
        return frozenset(self._values)


def _derived_names(model: type[BaseModel]) -> tuple[str, ...]:
    """The public properties a model class of this package defines (its derived values)."""
    names: list[str] = []
    for cls in model.__mro__:
        if cls is BaseModel or not cls.__module__.startswith("camon_xinloi."):
            continue
        for name, attr in vars(cls).items():
            if isinstance(attr, property) and not name.startswith("_") and name not in names:
                names.append(name)
    return tuple(names)


def template_data(value: Any, *, opaque: tuple[type, ...] = ()) -> Any:
    """Turn a value into what a template may see.

    Text, numbers, dates, times and ``None`` stay as they are; a pydantic model
    becomes a :class:`View` of its fields and derived values (recursively); a
    list, tuple or set becomes a tuple; a mapping becomes a dict with string keys.
    Instances of the ``opaque`` types (a DOCX renderer's rich text) pass as they
    are, readable by nobody.

    Raises:
        TypeError: For any other object (a function, a module, a class, a file).

    Examples:
        >>> template_data({"a": [1, "x"]})
        {'a': (1, 'x')}
        >>> template_data(open)
        Traceback (most recent call last):
        ...
        TypeError: a template cannot be given a builtin_function_or_method
    """
    if isinstance(value, (bool, *_SCALARS)):
        return value
    if isinstance(value, BaseModel):
        model = type(value)
        names = (*model.model_fields, *_derived_names(model))
        return View(
            model.__name__,
            {name: template_data(getattr(value, name), opaque=opaque) for name in names},
        )
    if isinstance(value, (View, *opaque)):
        return value
    if isinstance(value, Mapping):
        return {str(k): template_data(v, opaque=opaque) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(template_data(v, opaque=opaque) for v in value)
    raise TypeError(f"a template cannot be given a {type(value).__name__}")


# --- the allowlists ------------------------------------------------------------------------

_STR_METHODS: Final = frozenset(
    {
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
    }
)
"""str methods whose result is never longer than the text (no center, format, join, replace)."""

SAFE_ATTRIBUTES: Final[Mapping[type, frozenset[str]]] = {
    str: _STR_METHODS,
    dt.datetime: frozenset(
        {"year", "month", "day", "hour", "minute", "second", "weekday", "isoweekday", "date"}
    ),
    dt.date: frozenset({"year", "month", "day", "weekday", "isoweekday", "isoformat"}),
    dt.time: frozenset({"hour", "minute", "second", "isoformat"}),
    dict: frozenset({"items", "keys", "values", "get"}),
    LoopContext: frozenset(
        {
            "index",
            "index0",
            "revindex",
            "revindex0",
            "first",
            "last",
            "length",
            "depth",
            "depth0",
            "previtem",
            "nextitem",
            "changed",
            "cycle",
        }
    ),
    Cycler: frozenset({"current", "next", "reset"}),
    jinja_filters._GroupTuple: frozenset({"grouper", "list"}),
}
"""What a template may read from each type of value, besides a :class:`View`'s fields
and a ``namespace()``'s own attributes. Every callable among them is a method that
returns a value no larger than its object (or a bounded one); nothing else is callable."""

_NUMBER = (int, float, Decimal)


# --- the budget ----------------------------------------------------------------------------


class _Budget:
    """The running cost of one render."""

    __slots__ = ("limits", "output", "steps")

    def __init__(self, limits: TemplateLimits) -> None:
        self.limits = limits
        self.steps = 0
        self.output = 0

    def step(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > self.limits.max_steps:
            raise SecurityError(
                f"the template does too much work (more than {self.limits.max_steps}"
                " loop iterations and calls; a template limit)"
            )

    def write(self, n: int) -> None:
        self.output += n
        if self.output > self.limits.max_output:
            raise SecurityError(
                f"the template writes more than {self.limits.max_output} characters"
                " (a template limit)"
            )


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "camon_xinloi_template_budget", default=None
)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:
        # Outside a render: at compile time Jinja folds constant expressions; a
        # refusal here only means "evaluate at render time, within a budget".
        raise SecurityError("template code runs only within a render")
    return budget


def _size(value: Any, limit: int, per_char: int = 1) -> int:
    """How large a value is: characters of text, digits / 3 of a number, items of a list.

    Nested items count each time they appear (a list holding one list twice counts
    it twice), and each at least 1, so a value's size bounds the length of its text
    form; counting stops once ``limit`` is passed. With ``per_char``, a text counts
    one per ``per_char`` characters (the work of going through it). Going through more
    than :data:`_FREE_VISITS` items counts as that many steps of the render's budget.
    """
    # Sizes of the containers met, by id: each is alive as long as ``value`` is, so its
    # id cannot be reused meanwhile (a pair made while iterating a dict would be).
    memo: dict[int, int] = {}
    visits = 0

    def _sum_sizes(children: Iterable[Any], container: Any) -> int:
        nonlocal visits
        key = id(container)
        if key in memo:
            return memo[key]
        total = 1
        for child in children:
            visits += 1
            total += size(child) or 1  # an empty text is still an item (``''`` prints)
            if total > limit:
                break
        memo[key] = total
        return total

    def size(item: Any) -> int:
        if isinstance(item, str):
            return len(item) // per_char
        if isinstance(item, bool) or item is None:
            return 1
        if isinstance(item, int):
            return item.bit_length() // 3 + 1
        if isinstance(item, range):
            return len(item)
        if isinstance(item, Namespace):
            return 1 + size(object.__getattribute__(item, "_Namespace__attrs"))
        if isinstance(item, Mapping) or type(item).__name__ == "dict_items":
            pairs = item.items() if isinstance(item, Mapping) else item
            return _sum_sizes((part for pair in pairs for part in pair), item)
        if isinstance(item, (list, tuple, set, frozenset)) or type(item).__name__ in (
            "dict_keys",
            "dict_values",
        ):
            return _sum_sizes(item, item)
        return 1

    result = size(value)
    if visits > _FREE_VISITS:
        # Measuring goes through every item: that is work too (a loop measuring a long
        # list on each pass would otherwise be free).
        budget = _BUDGET.get()
        if budget is not None:
            budget.step(visits)
    return result


_FREE_VISITS: Final = 64
"""Items a measure may go through without counting as steps (small values are free)."""

_CHARS_PER_STEP: Final = 64
"""Characters of a text a filter, method or comparison goes through for one step."""


def _go_through(*values: Any) -> None:
    """Count as work the items and characters an operation on ``values`` goes through.

    A filter, a method, a test or a comparison costs a step and, for a text, a step
    per :data:`_CHARS_PER_STEP` characters; for a list, tuple or mapping, a step per
    item (nested ones too); for a range, a step per number. Outside a render, nothing.
    """
    budget = _BUDGET.get()
    if budget is None:
        return
    for value in values:
        if isinstance(value, str):
            budget.step(len(value) // _CHARS_PER_STEP)
        elif isinstance(value, range):
            budget.step(len(value))
        elif isinstance(value, (list, tuple, set, frozenset, Mapping)):
            remaining = budget.limits.max_steps - budget.steps + 1
            budget.step(min(_size(value, remaining, _CHARS_PER_STEP), remaining))


def _text(value: Any) -> str:
    """The text form of a value (every value a template holds is already bounded)."""
    return value if isinstance(value, str) else str(value)


# --- the environment -----------------------------------------------------------------------


_FORMAT_SPEC = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*\}")


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with budget checks woven into loops, macros, ``~`` and literals."""

    def _static_size(self, node: nodes.Node) -> int:
        return 1 + sum(len(data.data) for data in node.find_all(nodes.TemplateData))

    def _check_call(self, name: str, *args: nodes.Expr, lineno: int) -> nodes.Call:
        return nodes.Call(
            nodes.EnvironmentAttribute(name, lineno=lineno),
            list(args),
            [],
            None,
            None,
            lineno=lineno,
        )

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if node.recursive:
            self.fail("recursive loops are not allowed in a template", node.lineno)
        node.iter = self._check_call(
            "budget_iter",
            cast(nodes.Expr, node.iter),
            nodes.Const(self._static_size(nodes.Scope(node.body)), lineno=node.lineno),
            lineno=node.lineno,
        )
        super().visit_For(node, frame)

    def macro_body(self, node: nodes.Macro | nodes.CallBlock, frame: Frame) -> Any:
        tick = nodes.ExprStmt(
            self._check_call(
                "budget_step",
                nodes.Const(self._static_size(nodes.Scope(node.body)), lineno=node.lineno),
                lineno=node.lineno,
            ),
            lineno=node.lineno,
        )
        node.body = [tick, *node.body]
        return super().macro_body(node, frame)

    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        # Each operand passes through ``environment.compared``: comparing or searching a
        # long list in a loop is work like any other.
        self.write("(environment.compared(")
        self.visit(node.expr, frame)
        self.write(")")
        for operand in node.ops:
            self.write(f" {operators[operand.op]} environment.compared(")
            self.visit(operand.expr, frame)
            self.write(")")
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")

    def _visit_checked(self, node: nodes.Expr, frame: Frame, visit: Callable[..., None]) -> None:
        self.write("environment.checked(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._visit_checked(node, frame, super().visit_List)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx != "load":
            super().visit_Tuple(node, frame)
            return
        self._visit_checked(node, frame, super().visit_Tuple)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._visit_checked(node, frame, super().visit_Dict)


class _BoundedNamespace(Namespace):
    """``namespace()``: a value stored in it is measured like any other."""

    def __setitem__(self, name: str, value: Any) -> None:
        env = _BUDGET.get()
        if env is not None:
            _check_size(value, env.limits)
        super().__setitem__(name, value)


def _check_size(value: Any, limits: TemplateLimits) -> Any:
    if _size(value, limits.max_value) > limits.max_value:
        raise SecurityError(
            f"the result would be longer than {limits.max_value} (a template limit)"
        )
    if isinstance(value, int) and value.bit_length() > limits.max_int_bits:
        raise SecurityError(
            f"the number is larger than 2**{limits.max_int_bits} (a template limit)"
        )
    return value


class SandboxedTemplate(jinja2.Template):
    """A template of a :class:`SandboxEnvironment`.

    Its context is template data (:func:`template_data`), and every render runs
    within the environment's :class:`TemplateLimits`.
    """

    environment: SandboxEnvironment

    def new_context(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> Context:
        data = {
            name: template_data(value, opaque=self.environment.opaque_types)
            for name, value in (vars or {}).items()
        }
        return super().new_context(data, shared, locals)

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _BUDGET.set(_Budget(self.environment.limits))
        try:
            ctx = self.new_context(dict(*args, **kwargs))
            try:
                return self.environment.checked_concat(self.root_render_func(ctx), False)
            except Exception:
                self.environment.handle_exception()
        finally:
            _BUDGET.reset(token)

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        yield self.render(*args, **kwargs)


class SandboxEnvironment(ImmutableSandboxedEnvironment):
    """The allowlist sandbox every template of this package runs in.

    Args:
        limits: What one render may cost.
        opaque_types: Types a context may hold that templates may print but not read
            (a DOCX renderer's rich text).
        **options: Options of :class:`jinja2.Environment` (``finalize``, ``autoescape`` …).

    Examples:
        >>> env = SandboxEnvironment()
        >>> env.from_string("{{ 'Ân'.upper() }} {{ d.year }}").render(d=dt.date(2026, 3, 5))
        'ÂN 2026'
        >>> env.from_string("{{ 'x'.center(10**9) }}").render()
        Traceback (most recent call last):
        ...
        jinja2.exceptions.SecurityError: access to attribute 'center' of 'str' object is unsafe.
    """

    code_generator_class = _BoundedCodeGenerator
    template_class = SandboxedTemplate
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    GLOBALS: ClassVar[frozenset[str]] = frozenset(
        {"range", "dict", "namespace", "cycler", "joiner"}
    )
    """The global names a template may use."""

    def __init__(
        self,
        *,
        limits: TemplateLimits = TEMPLATE_LIMITS,
        opaque_types: tuple[type, ...] = (),
        **options: Any,
    ) -> None:
        user_finalize: Callable[[Any], Any] | None = options.pop("finalize", None)
        super().__init__(undefined=jinja2.StrictUndefined, finalize=self._finalize, **options)
        self.limits = limits
        self.opaque_types = opaque_types
        self._expressions: dict[str, jinja2.environment.TemplateExpression] = {}
        self._user_finalize = user_finalize
        self.globals.clear()
        self.globals.update(
            range=self._range,
            dict=self._dict,
            namespace=_BoundedNamespace,
            cycler=Cycler,
            joiner=Joiner,
        )
        self.tests.clear()
        tests = cast(Mapping[str, Callable[..., Any]], jinja_tests.TESTS)
        self.tests.update({name: _guarded(tests[name]) for name in BUILTIN_TESTS})
        self.filters.clear()
        self.filters.update(
            {name: _guarded(f, opaque_types, name) for name, f in BUILTIN_FILTERS.items()}
        )
        self.filters.update({name: _guarded(f, opaque_types, name) for name, f in FILTERS.items()})

    # -- reading --------------------------------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Allow the names of :data:`SAFE_ATTRIBUTES`, a view's fields, a namespace's own."""
        if not isinstance(attr, str) or attr.startswith("_"):
            return False
        if isinstance(obj, View):
            return attr in obj.field_names
        if isinstance(obj, Namespace):
            return attr in object.__getattribute__(obj, "_Namespace__attrs")
        for kind, names in SAFE_ATTRIBUTES.items():
            if isinstance(obj, kind):
                return attr in names
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        """Allow the allowlisted methods, macros, joiners and the template globals."""
        if isinstance(obj, (Macro, Joiner)):
            return True
        if obj in (_BoundedNamespace, Cycler, Joiner):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", None)
        if owner is self:
            return name in ("_range", "_dict", "budget_iter", "budget_step")
        if owner is None or isinstance(owner, type) or not isinstance(name, str):
            return False
        return self.is_safe_attribute(owner, name, obj)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Read an allowlisted attribute (a dict's key, a view's field) before anything else."""
        if isinstance(obj, jinja2.Undefined):
            obj._fail_with_undefined_error()  # says what was missing in the first place
        if (
            isinstance(obj, dict)
            and not attribute.startswith("_")
            and attribute not in SAFE_ATTRIBUTES[dict]
        ):
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                return self.undefined(obj=obj, name=attribute)
        if not self.is_safe_attribute(obj, attribute, None):
            if isinstance(obj, View):
                return self.undefined(hint=obj.missing(attribute), obj=obj, name=attribute)
            return self.unsafe_undefined(obj, attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Read an item; a name on anything but a dict or a view is read as an attribute."""
        if isinstance(argument, str) and not isinstance(obj, (dict, View)):
            return self.getattr(obj, argument)
        try:
            return obj[argument]
        except (TypeError, LookupError):
            if isinstance(obj, View):
                return self.undefined(hint=obj.missing(argument), obj=obj, name=argument)
            return self.undefined(obj=obj, name=argument)

    # -- calling --------------------------------------------------------------------------

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call an allowlisted callable, within the budget, and measure what it returns."""
        if isinstance(__obj, jinja2.Undefined):
            __obj._fail_with_undefined_error()  # says what is missing
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} is not safely callable")
        if __obj not in (__self.budget_iter, __self.budget_step):
            _budget().step()
            _go_through(getattr(__obj, "__self__", None), *args, *kwargs.values())
        result = __context.call(__obj, *args, **kwargs)
        return _check_size(result, __self.limits)

    def budget_iter(self, iterable: Iterable[Any], weight: int) -> Iterator[Any]:
        """Iterate for a ``{% for %}`` loop, counting each pass and its ``weight`` of text."""
        budget = _budget()
        for item in iterable:
            budget.step()
            budget.write(weight)
            yield item

    def compared(self, value: Any) -> Any:
        """An operand of a comparison (``==``, ``<``, ``in`` …), counted as work it goes through."""
        _go_through(value)
        return value

    def budget_step(self, weight: int) -> None:
        """Count a macro call (as :data:`MACRO_CALL_STEPS` steps) and its ``weight`` of text."""
        budget = _budget()
        budget.step(MACRO_CALL_STEPS)
        budget.write(weight)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > self.limits.max_range:
            raise SecurityError(
                f"range() of {len(numbers)} numbers is too long (at most {self.limits.max_range})"
            )
        return numbers

    def _dict(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {str(k): v for k, v in dict(*args, **kwargs).items()}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Compute an operator once its result is known to stay within the limits."""
        _go_through(left, right)
        _check_binop(operator, left, right, self.limits)
        return _check_size(super().call_binop(context, operator, left, right), self.limits)

    # -- building -------------------------------------------------------------------------

    def checked(self, value: Any) -> Any:
        """Measure a list, tuple or dict a template writes literally."""
        return _check_size(value, self.limits)

    def checked_concat(self, parts: Iterable[Any], autoescape: bool) -> str:
        """Join pieces of text (``~``, a block's output) once their total length is known.

        A render's whole output may reach ``max_output`` characters; any other
        joined text (``a ~ b``, a ``{% set %}`` block, a macro's result) ``max_value``.
        """
        limit = self.limits.max_output if isinstance(parts, Iterator) else self.limits.max_value
        texts: list[Any] = []
        total = 0
        markup = False
        for part in parts:
            if hasattr(part, "__html__"):
                markup = True
            else:
                part = _text(part)
            total += len(part)
            if total > limit:
                raise SecurityError(f"the result would be longer than {limit} (a template limit)")
            texts.append(part)
        if autoescape and markup:
            return Markup("").join(texts)
        return "".join(str(t) for t in texts) if markup else "".join(texts)

    def concat(self, parts: Iterable[str]) -> str:
        """Join a block's output (Jinja's hook), within the limits."""
        return self.checked_concat(parts, False)

    def _finalize(self, value: Any) -> Any:
        if self._user_finalize is not None:
            value = self._user_finalize(value)
        budget = _BUDGET.get()
        if budget is not None:
            budget.write(len(_text(value)))
        return value

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        if len(source) > self.limits.max_source:
            raise jinja2.TemplateSyntaxError(
                f"the template is longer than {self.limits.max_source} characters"
                " (a template limit)",
                1,
                name,
                filename,
            )
        return super()._parse(source, name, filename)

    def evaluate(self, expression: str, **context: Any) -> Any:
        """Evaluate an expression (a template's ``applies_when``) within the limits.

        Examples:
            >>> template_environment().evaluate("n > 2", n=3)
            True
        """
        compiled = self._expressions.get(expression)
        if compiled is None:
            compiled = self.compile_expression(expression, undefined_to_none=False)
            if len(self._expressions) < 1024:
                self._expressions[expression] = compiled
        token = _BUDGET.set(_Budget(self.limits))
        try:
            data = {k: template_data(v, opaque=self.opaque_types) for k, v in context.items()}
            return compiled(**data)
        finally:
            _BUDGET.reset(token)


def _too_long(limits: TemplateLimits) -> SecurityError:
    return SecurityError(f"the result would be longer than {limits.max_value} (a template limit)")


def _too_large(limits: TemplateLimits) -> SecurityError:
    return SecurityError(f"the number is larger than 2**{limits.max_int_bits} (a template limit)")


def _check_binop(operator: str, left: Any, right: Any, limits: TemplateLimits) -> None:
    """Refuse, before computing it, an operation whose result would be over the limits."""
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if (
                isinstance(seq, (str, list, tuple))
                and isinstance(n, int)
                and _size(seq, limits.max_value) * n > limits.max_value
            ):
                raise _too_long(limits)
        if ints and left.bit_length() + right.bit_length() > limits.max_int_bits:
            raise _too_large(limits)
    elif operator == "**":
        if ints and right > 0 and max(left.bit_length(), 1) * right > limits.max_int_bits:
            raise _too_large(limits)
    elif operator == "%" and isinstance(left, str):
        _check_format(left, limits)
    elif (
        operator == "+"
        and not isinstance(left, _NUMBER)
        and _size(left, limits.max_value) + _size(right, limits.max_value) > limits.max_value
    ):
        raise _too_long(limits)


def _check_format(spec: str, limits: TemplateLimits) -> None:
    """Refuse a ``%`` format whose widths would build a huge text."""
    for match in _FORMAT_SPEC.finditer(spec):
        for number in match.groups():
            if number == "*" or (number is not None and int(number) > limits.max_width):
                raise SecurityError(
                    f"the format {match.group()!r} is too wide (at most {limits.max_width})"
                )


# --- filters -------------------------------------------------------------------------------


def _guarded(
    function: Callable[..., Any], opaque: tuple[type, ...] = (), name: str = ""
) -> Callable[..., Any]:
    """A filter that counts as a step and whose result is measured (iterators: per item).

    An ``opaque`` value (a DOCX renderer's rich text) given to it is an error: such a
    value may be printed as it is, never escaped, cut or rewritten.
    """

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step()
        if opaque:
            values = (*args, *kwargs.values())
            items = (i for v in values if isinstance(v, (list, tuple)) for i in v)
            for arg in (*values, *items):  # the items too: ``join`` escapes each
                if isinstance(arg, opaque):
                    raise SecurityError(
                        f"a {type(arg).__name__} can only be printed as it is, not given to"
                        f" the filter {name!r}"
                    )
        _go_through(*args, *kwargs.values())
        result = function(*args, **kwargs)
        if isinstance(result, Iterator):
            return _counted(result, budget)
        return _check_size(result, budget.limits)

    return guarded


def _counted(items: Iterator[Any], budget: _Budget) -> Iterator[Any]:
    for item in items:
        budget.step()
        yield item


def _limit_of(n: int) -> None:
    limits = _budget().limits
    if n > limits.max_value:
        raise SecurityError(
            f"the result would be longer than {limits.max_value} (a template limit)"
        )


def _center(value: Any, width: int = 80) -> str:
    text = _text(value)
    _limit_of(max(len(text), int(width)))
    return text.center(width)


def _indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    text = _text(s)
    step = len(width) if isinstance(width, str) else int(width)
    _limit_of(len(text) + (text.count("\n") + 1) * max(step, 0))
    return jinja_filters.do_indent(text, width, first, blank)


@jinja2.pass_environment
def _wordwrap(
    environment: jinja2.Environment,
    s: Any,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    text = _text(s)
    joiner = environment.newline_sequence if wrapstring is None else _text(wrapstring)
    _limit_of(len(text) + (len(text) // max(int(width), 1) + 1) * len(joiner))
    return jinja_filters.do_wordwrap(
        environment, text, width, break_long_words, wrapstring, break_on_hyphens
    )


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    text = _text(value)
    _check_format(text, _budget().limits)
    return jinja_filters.do_format(text, *args, **kwargs)


@jinja2.pass_eval_context
def _replace(
    eval_ctx: jinja2.nodes.EvalContext, s: Any, old: Any, new: Any, count: int | None = None
) -> str:
    text, old_text, new_text = _text(s), _text(old), _text(new)
    occurrences = text.count(old_text) if old_text else len(text) + 1
    if count is not None and count >= 0:
        occurrences = min(occurrences, count)
    _limit_of(len(text) + occurrences * max(len(new_text) - len(old_text), 0))
    return jinja_filters.do_replace(eval_ctx, text, old_text, new_text, count)


@jinja2.pass_eval_context
def _join(
    eval_ctx: jinja2.nodes.EvalContext, value: Any, d: str = "", attribute: Any = None
) -> str:
    items = list(value) if not isinstance(value, str) else [value]
    separator = _text(d)
    limit = _budget().limits.max_value
    total = len(separator) * max(len(items) - 1, 0)
    for item in items:
        total += _size(item, limit) if attribute is None else 1
        _limit_of(total)
    return jinja_filters.sync_do_join(eval_ctx, items, separator, attribute)


@jinja2.pass_environment
def _sum(
    environment: jinja2.Environment, iterable: Any, attribute: Any = None, start: Any = 0
) -> Any:
    if not isinstance(start, _NUMBER) or isinstance(start, bool):
        raise TypeError("sum adds numbers only")
    return jinja_filters.sync_do_sum(environment, iterable, attribute, start)


def _truncate_checked(function: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(function)
    def truncate(
        env: jinja2.Environment,
        s: str,
        length: int = 255,
        killwords: bool = False,
        end: str = "...",
        leeway: int | None = None,
    ) -> str:
        if leeway is not None and leeway < 0:
            raise ValueError(f"truncate: leeway must not be negative, got {leeway}")
        if length < len(end):
            raise ValueError(f"truncate: length {length} is shorter than the end {end!r}")
        return function(env, _text(s), length, killwords, end, leeway)

    return truncate


_MAX_ROUND_DIGITS: Final = 1_000
"""The largest precision of the ``round`` filter, either way (a float has 17 digits)."""


def _round(
    value: Any, precision: int = 0, method: Literal["common", "ceil", "floor"] = "common"
) -> float:
    # round(n, -10**8) computes 10**(10**8) first: minutes of work for one filter.
    if not -_MAX_ROUND_DIGITS <= int(precision) <= _MAX_ROUND_DIGITS:
        raise ValueError(
            f"round: precision must be between -{_MAX_ROUND_DIGITS} and {_MAX_ROUND_DIGITS},"
            f" got {precision}"
        )
    return jinja_filters.do_round(value, precision, method)


BUILTIN_FILTERS: Final[Mapping[str, Callable[..., Any]]] = {
    **{
        name: jinja_filters.FILTERS[name]
        for name in (
            "abs",
            "attr",
            "batch",
            "capitalize",
            "count",
            "d",
            "default",
            "dictsort",
            "e",
            "escape",
            "first",
            "float",
            "groupby",
            "int",
            "items",
            "last",
            "length",
            "list",
            "lower",
            "map",
            "max",
            "min",
            "reject",
            "rejectattr",
            "reverse",
            "select",
            "selectattr",
            "slice",
            "sort",
            "string",
            "title",
            "trim",
            "unique",
            "upper",
            "wordcount",
        )
    },
    "center": _center,
    "format": _format,
    "indent": _indent,
    "join": _join,
    "replace": _replace,
    "round": _round,
    "sum": _sum,
    "truncate": jinja2.pass_environment(_truncate_checked(jinja_filters.do_truncate)),
    "wordwrap": _wordwrap,
}
"""The Jinja filters a template may use (not ``safe``: in a DOCX template it would let a
value, citizen data, be read as XML); those that could build a long text from a
short template (``center``, ``format``, ``indent``, ``join``, ``replace``,
``wordwrap``) check the length of their result before building it."""


BUILTIN_TESTS: Final = frozenset(
    {
        "!=",
        "<",
        "<=",
        "==",
        ">",
        ">=",
        "boolean",
        "defined",
        "divisibleby",
        "eq",
        "equalto",
        "even",
        "false",
        "float",
        "ge",
        "greaterthan",
        "gt",
        "in",
        "integer",
        "iterable",
        "le",
        "lessthan",
        "lower",
        "lt",
        "mapping",
        "ne",
        "none",
        "number",
        "odd",
        "sameas",
        "sequence",
        "string",
        "true",
        "undefined",
        "upper",
    }
)
"""The Jinja tests a template may use (``is defined``, ``is in`` …): questions about
data. Not ``callable``, ``filter``, ``test`` or ``escaped``, which ask about objects
and the environment. Each counts as a step, and ``in`` as the work of its search."""


@cache
def template_environment() -> SandboxEnvironment:
    """Return the sandbox that renders letter templates (one per process).

    Every ``{{ value }}`` is wrapped as a literal span (see :mod:`camon_xinloi.markup`),
    so citizen data is never read as markup. Its limits are :data:`TEMPLATE_LIMITS`;
    to change them, assign ``template_environment().limits``.

    Examples:
        >>> env = template_environment()
        >>> env.from_string("{{ ''.__class__.__mro__ }}").render()
        Traceback (most recent call last):
        ...
        jinja2.exceptions.SecurityError: access to attribute '__class__' of 'str' object is unsafe.
    """
    return SandboxEnvironment(
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=literal,
        keep_trailing_newline=False,
    )
