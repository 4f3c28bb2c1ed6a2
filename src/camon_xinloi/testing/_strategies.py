"""Hypothesis strategies: valid events with hostile text, hostile text, hostile names.

Hypothesis is a test extra: it is imported only when a strategy is asked for.
"""

from __future__ import annotations

import types
import typing
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from camon_xinloi.events import Event, event_kinds, event_model
from camon_xinloi.testing._factories import event_data

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

_VI_LOWER = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
_NASTY = ("&", "<", ">", '"', "'", "\\", "`", "#", "$", "{", "}", "*", "_", "@", "[", "]", "%", "~")
_FRAGMENTS = (
    "<label>", "{{ x }}", "{% if %}", "#set", "#let x = 1", "$x$", "*đậm*", "_nghiêng_",
    "@ref", "[link](x)", "\\n", "B & Co <VN>", "</w:t>", "]]>", "{#", "#}", "--", "./.",
)  # fmt: skip


def _require_hypothesis() -> Any:
    try:
        from hypothesis import strategies
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from camon_xinloi.errors import MissingDependencyError

        raise MissingDependencyError(
            "the Hypothesis strategies need hypothesis; pip install 'camon-xinloi[test]'"
        ) from exc
    return strategies


def _nfd_sometimes(st: Any, text_st: Any) -> Any:
    return st.tuples(text_st, st.booleans()).map(
        lambda pair: unicodedata.normalize("NFD", pair[0]) if pair[1] else pair[0]
    )


def hostile_text(*, max_size: int = 80, max_length: int | None = None) -> SearchStrategy[str]:
    r"""Return a strategy for valid but nasty one-line text.

    Vietnamese letters (NFC and NFD), upper and lower case, markup characters of
    every format (``& < > " ' \\ ` # $ { } * _ @ [ ]``), Jinja and typst
    fragments, and now and then a long string. Every value starts and ends with
    a letter, so it passes the events' text validation unchanged (after NFC);
    ``max_length`` (a field's limit, e.g. :data:`~camon_xinloi.text.TEXT_MAX`)
    caps its NFC length.
    """
    st = _require_hypothesis()
    letters = _VI_LOWER + _VI_LOWER.upper()
    alphabet = st.sampled_from(tuple(letters) + _NASTY + (" ", "0", "9", ".", ",", "-"))
    piece = st.one_of(
        st.text(alphabet=alphabet, min_size=1, max_size=12),
        st.sampled_from(_FRAGMENTS),
    )
    body = st.lists(piece, min_size=0, max_size=max(1, max_size // 8)).map("".join)
    edge = st.sampled_from(tuple(letters))
    text = st.tuples(edge, body, edge).map(lambda t: f"{t[0]}{t[1]}{t[2]}")
    long = st.tuples(edge, st.integers(50, 150)).map(lambda t: (t[0] + "ữ & <b> ") * t[1] + t[0])
    drawn = st.one_of(text, text, text, long)
    if max_length is not None:
        cap = max(max_length, 2)
        drawn = drawn.map(lambda t: t if len(t) <= cap else t[: cap - 1] + t[-1])
    return _nfd_sometimes(st, drawn)  # type: ignore[no-any-return]


def hostile_names() -> SearchStrategy[str]:
    """Return a strategy for personal names that ``normalize_name`` accepts.

    Syllables of Vietnamese letters in any case, NFC or NFD, joined by spaces,
    with the apostrophe and hyphen of minority names ("H'Hen Niê", "Y-Nhi").
    """
    st = _require_hypothesis()
    letters = _VI_LOWER + _VI_LOWER.upper()
    syllable = st.text(alphabet=st.sampled_from(tuple(letters)), min_size=1, max_size=7)
    joined = st.tuples(syllable, st.sampled_from(("", "'", "-")), syllable).map(
        lambda t: t[0] if not t[1] else f"{t[0]}{t[1]}{t[2]}"
    )
    name = st.lists(joined, min_size=1, max_size=5).map(" ".join)
    return _nfd_sometimes(st, name)  # type: ignore[no-any-return]


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) == 1:
            return args[0], optional
        return typing.Union[tuple(args)], optional  # noqa: UP007
    return annotation, False


def _unannotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _max_length(annotation: Any, field: Any = None) -> int | None:
    """The ``maxLength`` a text type (``Text``, ``Name``…) or a model field declares."""
    for info in (field, *_metadata(annotation)):
        extra = getattr(info, "json_schema_extra", None)
        if isinstance(extra, dict) and isinstance(extra.get("maxLength"), int):
            return int(extra["maxLength"])
    return None


def _metadata(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Annotated:
        return list(typing.get_args(annotation)[1:])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(annotation) for m in _metadata(a)]
    return []


def _vary(st: Any, annotation: Any, value: Any, name: str, field: Any = None) -> Any:
    """A strategy that keeps ``value``'s shape but draws text and choices from Hypothesis."""
    limit = _max_length(annotation, field)
    annotation, optional = _strip_optional(_unannotated(annotation))
    limit = limit or _max_length(annotation)
    annotation = _unannotated(annotation)
    inner = _vary_value(st, annotation, value, name, limit)
    if optional and value is not None:
        return st.one_of(inner, inner, st.none())
    return inner


def _vary_value(st: Any, annotation: Any, value: Any, name: str, limit: int | None) -> Any:
    if value is None:
        return st.none()
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _vary_model(st, annotation, value)
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(annotation):
            member = _unannotated(member)
            if (
                isinstance(member, type)
                and issubclass(member, BaseModel)
                and isinstance(value, dict)
                and set(value) <= set(member.model_fields)
                and all(value.get(k) == f.default for k, f in member.model_fields.items()
                        if typing.get_origin(f.annotation) is typing.Literal and k in value)
            ):  # fmt: skip
                return _vary_model(st, member, value)
        return st.just(value)
    if origin in (tuple, list) and isinstance(value, list):
        args = typing.get_args(annotation)
        if origin is tuple and args and args[-1] is not Ellipsis:
            parts = [_vary(st, a, v, name) for a, v in zip(args, value, strict=False)]
        else:
            parts = [_vary(st, args[0] if args else Any, v, name) for v in value]
        return st.tuples(*parts).map(list)
    if annotation is str and isinstance(value, str):
        if name == "full_name":
            return st.one_of(st.just(value), hostile_names())
        return st.one_of(st.just(value), hostile_text(max_length=limit))
    return st.just(value)


def _vary_model(st: Any, model: type[BaseModel], value: Mapping[str, Any]) -> Any:
    keys = list(value)
    parts = [
        _vary(st, model.model_fields[k].annotation, value[k], k, model.model_fields[k])
        if k in model.model_fields
        else st.just(value[k])
        for k in keys
    ]
    return st.tuples(*parts).map(lambda vals: {k: v for k, v in zip(keys, vals, strict=True)
                                               if v is not None})  # fmt: skip


def _reset(data: Any, skeleton: Any, loc: tuple[int | str, ...]) -> Any:
    """Put the skeleton's value back at ``loc`` (the first level that exists in both)."""
    if not loc or not isinstance(data, (dict, list)):
        return skeleton
    key, rest = loc[0], loc[1:]
    if isinstance(data, dict) and isinstance(skeleton, dict) and key in skeleton:
        out = dict(data)
        out[key] = _reset(data[key], skeleton[key], rest) if key in data else skeleton[key]
        return out
    if (
        isinstance(data, list)
        and isinstance(skeleton, list)
        and isinstance(key, int)
        and key < min(len(data), len(skeleton))
    ):
        out_list = list(data)
        out_list[key] = _reset(data[key], skeleton[key], rest)
        return out_list
    return skeleton


def _validated(kind: str, skeleton: dict[str, Any], data: dict[str, Any]) -> Event:
    model = event_model(kind)
    for _ in range(6):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                data = _reset(data, skeleton, tuple(err["loc"]))
    return model.model_validate(skeleton)


def events(kind: str | None = None) -> SearchStrategy[Event]:
    """Return a Hypothesis strategy for valid events of one kind, or of any kind.

    Each value starts from a realistic :func:`make_event` (a drawn seed, so dates
    and numbers satisfy the cross-field rules), then the model's field
    annotations decide what Hypothesis varies: text fields get
    :func:`hostile_text` (names :func:`hostile_names`), literal fields any of
    their values, optional fields may be left out. A field that a validator
    refuses is put back to the factory value, so every example is valid.
    """
    st = _require_hypothesis()
    kinds = [kind] if kind is not None else list(event_kinds())
    for k in kinds:
        event_model(k)

    def one(k: str) -> Any:
        model = event_model(k)

        @st.composite  # type: ignore[untyped-decorator,unused-ignore,misc]
        def build(draw: Any) -> Event:
            skeleton = event_data(k, seed=draw(st.integers(0, 10_000)))
            skeleton_json = model.model_validate(skeleton).model_dump(mode="json")
            skeleton_json = {
                key: val for key, val in skeleton_json.items() if key in skeleton or key == "kind"
            }
            data = draw(_vary_model(st, model, skeleton_json))
            data["kind"] = k
            return _validated(k, skeleton_json, data)

        return build()

    return st.one_of(*[one(k) for k in kinds])  # type: ignore[no-any-return]
