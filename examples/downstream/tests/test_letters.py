"""Tests of a downstream project (a một cửa portal) that sends letters with camon_xinloi."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings

import camon_xinloi as cx
from camon_xinloi.batch import render_many
from camon_xinloi.testing import (
    assert_letter_equal,
    events,
    letter_parts,
    make_event,
    make_events,
)

ON = dt.date(2026, 3, 5)


def wedding_letter(issuer: cx.Issuer) -> cx.Letter:
    """What the portal does when a marriage is registered."""
    event = make_event("marriage_registered", seed=7)
    return cx.compose("chuc_mung/ket_hon", event, issuer=issuer, on=ON, number=12)


def test_issuer_comes_from_the_ini_file(cx_issuer):
    assert cx_issuer.committee == "Ủy ban nhân dân xã Hòa Vang"


def test_wedding_letter_matches_golden(cx_issuer, cx_golden):
    cx_golden.check(wedding_letter(cx_issuer), "ket_hon")


def test_pdf_has_the_same_parts_as_the_letter(cx_issuer, cx_golden):
    letter = wedding_letter(cx_issuer)
    pdf = cx.render(letter, "pdf")
    assert letter_parts(pdf) == letter_parts(letter)
    assert letter_parts(pdf).signature == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    cx_golden.check_parts(pdf, "ket_hon_parts")


def test_text_render_equals_letter_text(cx_issuer):
    letter = wedding_letter(cx_issuer)
    assert_letter_equal(letter, cx.render(letter, "text"))


def test_every_template_is_available(cx_catalogue):
    assert "chuc_mung/ket_hon" in cx_catalogue


def test_a_month_of_letters(cx_issuer):
    report = render_many(make_events(12), "text", issuer=cx_issuer, on=ON)
    assert report.ok, report.failed
    assert len(report.rendered) == 12


@settings(max_examples=25, deadline=None)
@given(events("marriage_registered"))
def test_spouses_names_appear_unchanged(event):
    letter = cx.compose("chuc_mung/ket_hon", event, issuer=cx.testing.example_issuer(), on=ON)
    text = cx.render(letter, "text").decode("utf-8")
    for spouse in event.spouses:
        assert spouse.full_name in text
