"""Bounded templates (issue 18, point 2): every payload of tests/data/template_payloads.toml
ends in a TemplateRenderError, without building a large value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
import tracemalloc
from pathlib import Path
from typing import Any

import docx
import pytest

import camon_xinloi as cx
from camon_xinloi.catalogue import Template, applies_to, catalogue
from camon_xinloi.render.docx import DocxRenderer
from camon_xinloi.testing import example_event, example_issuer, example_letter

PAYLOADS: list[dict[str, Any]] = tomllib.loads(
    (Path(__file__).parent / "data" / "template_payloads.toml").read_text(encoding="utf-8")
)["payload"]

MAX_PEAK = 64 * 2**20
"""Memory a failed render may take at its peak (tracemalloc), far below what the
payloads would build unchecked (gigabytes)."""


def _letter_template(source: str) -> Template:
    return Template.from_string(
        source, kind="marriage_registered", title="THƯ", recipients=["x"], id="nhap/tai_trong"
    )


def _render(payload: dict[str, Any], tmp_path: Path) -> None:
    if payload.get("target", "letter") == "docx":
        document = docx.Document()
        document.add_paragraph("Kính gửi")
        document.add_paragraph(payload["source"])
        path = tmp_path / "mau.docx"
        document.save(str(path))
        DocxRenderer().render(example_letter(), template=path)
    else:
        cx.compose(
            _letter_template(payload["source"]),
            example_event("chuc_mung/ket_hon"),
            issuer=example_issuer(),
            on=dt.date(2026, 3, 5),
        )


def test_the_payload_list_is_well_formed():
    families = [p["family"] for p in PAYLOADS]
    assert len(families) == len(set(families))
    for payload in PAYLOADS:
        assert set(payload) <= {"family", "source", "error", "target"}, payload
        assert payload.get("target", "letter") in ("letter", "docx")


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p["family"] for p in PAYLOADS])
def test_payload_is_a_bounded_template_render_error(payload: dict[str, Any], tmp_path: Path):
    tracemalloc.start()
    try:
        with pytest.raises(cx.TemplateRenderError, match=payload["error"]) as info:
            _render(payload, tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MAX_PEAK, f"{peak / 2**20:.0f} MiB"
    error = info.value
    if payload.get("target", "letter") == "docx":
        assert error.template_id.endswith("mau.docx")
        assert "paragraph" in str(error)
    else:
        assert error.template_id == "nhap/tai_trong"
        assert error.lineno == 1, str(error)
    # Never a raw Python error underneath a message that hides it.
    assert not isinstance(error, (AttributeError, NameError, AssertionError, ZeroDivisionError))


@pytest.mark.parametrize(
    "condition", ["1/0 > 0", "event.khong_co", "event | khong_co", "'x' * 10**9"]
)
def test_a_bad_applies_when_is_a_template_render_error(condition: str):
    template = dataclasses.replace(_letter_template("x"), applies_when=condition)
    with pytest.raises(cx.TemplateRenderError, match="applies_when") as info:
        applies_to(template, example_event("chuc_mung/ket_hon"))
    assert info.value.template_id == "nhap/tai_trong"
    with pytest.raises(cx.TemplateRenderError, match="applies_when"):
        catalogue().with_template(template).for_event(example_event("chuc_mung/ket_hon"))


def test_ordinary_templates_are_well_within_the_limits():
    # Every built-in template, composed from its example: the limits are far away.
    for template in catalogue():
        event = example_event(template.id)
        letter = cx.compose(template, event, issuer=example_issuer(), on=dt.date(2026, 3, 5))
        assert letter.text


def test_limits_can_be_changed_per_environment():
    from camon_xinloi.sandbox import SandboxEnvironment, TemplateLimits

    env = SandboxEnvironment(limits=TemplateLimits(max_steps=10))
    source = "{% for i in range(20) %}{{ i }}{% endfor %}"
    with pytest.raises(Exception, match="too much work"):
        env.from_string(source).render()
    assert SandboxEnvironment().from_string(source).render() == "".join(map(str, range(20)))


def test_in_a_batch_a_template_error_is_that_rows_error():
    from camon_xinloi.batch import render_many

    bad_body = _letter_template("{{ 'a' * 10**9 }}")
    bad_condition = dataclasses.replace(
        _letter_template("x"), id="nhap/dieu_kien", applies_when="1/0 > 0"
    )
    event = example_event("chuc_mung/ket_hon")
    report = render_many(
        [event, event], "text", issuer=example_issuer(), template=bad_body, on=dt.date(2026, 3, 5)
    )
    assert [item.status for item in report.items] == ["failed", "failed"]
    assert all("longer than" in (item.error or "") for item in report.items)
    cat = catalogue().with_template(bad_condition)
    report = render_many([event], "text", issuer=example_issuer(), catalogue=cat)
    (item,) = report.items
    assert item.status == "failed"
    assert "applies_when" in (item.error or "")
    assert "no template for event kind" not in (item.error or "")
