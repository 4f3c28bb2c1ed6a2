"""Signing a letter in its own boxes and verifying it (issue 14), PKCS#12 path.

Every signed file is also checked by poppler's pdfsig, an independent verifier.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
import unicodedata
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from camon_xinloi.errors import (
    CamonXinloiError,
    ImageError,
    MissingDependencyError,
    SigningError,
    UnrenderableTextError,
)
from camon_xinloi.pdf_tools._signing import BoxKind
from camon_xinloi.render.pdf import PdfRenderer
from camon_xinloi.sign import load_pkcs12, open_pkcs11, sign_pdf, verify_signed
from camon_xinloi.sign.appearance import appearance_pdf, organisation_lines
from camon_xinloi.sign.throwaway import TEST_PASSPHRASE, make_test_pki
from camon_xinloi.testing import example_letter, pdf_text
from tests.signing import (
    ORGANISATION_AT,
    PERSON_AT,
    SEAL,
    SIGNATURE,
    VN,
    assert_pdfsig_valid,
    both_signed,
    letter,
    letter_pdf,
    organisation_key,
    organisation_signs,
    pdfsig,
    person_key,
    person_signed,
    pki,
)
from tests.system_tools import system_tool

# pyHanko signing and verifying take seconds: out of the quick loop (-m "not slow")
pytestmark = pytest.mark.slow


def trust() -> list[bytes]:
    return [pki().ca_pem]


# --------------------------------------------------------------------------- the flow


def test_person_then_organisation_both_valid(tmp_path):
    pdf, _ = letter_pdf()
    first = person_signed()
    both = both_signed()
    # Incremental updates: nothing before a signature is rewritten.
    assert first.startswith(pdf)
    assert both.startswith(first)
    assert_pdfsig_valid(first, tmp_path, 1)
    assert_pdfsig_valid(both, tmp_path, 2)
    report = verify_signed(both, trust_roots=trust(), letter=letter())
    assert report.ok, report.problems
    person, organisation = report.signatures
    assert (person.field, person.role) == ("ChuKy", "person")
    assert (organisation.field, organisation.role) == ("ConDau", "organisation")
    assert "Trần Văn Minh" in person.subject
    assert person.serial_number == 0x1001
    assert organisation.serial_number == 0x1002
    assert person.signed_at == PERSON_AT
    assert organisation.signed_at == ORGANISATION_AT
    assert report.letter_matches is True
    assert report.later_updates == ()


def test_signatures_sit_in_the_boxes_of_the_letter():
    _, boxes = letter_pdf()
    by_kind = {box.kind: box for box in boxes}
    report = verify_signed(both_signed(), trust_roots=trust())
    kinds: tuple[BoxKind, BoxKind] = ("signer", "seal")
    for check, kind in zip(report.signatures, kinds, strict=True):
        box = by_kind[kind]
        assert check.page == box.page
        assert check.rect is not None
        for got, want in zip(check.rect, box.rect, strict=True):
            assert abs(got - want) <= 1.0, (kind, check.rect, box.rect)


def _pixels(pdf: bytes, tmp_path: Path) -> tuple[int, int, bytes]:
    """Page 1 rasterised by poppler (annotations included), as RGB bytes at 50 dpi."""
    path = tmp_path / "raster.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            system_tool("pdftoppm", "poppler-utils"),
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(tmp_path / "p"),
        ],
        check=True,
        timeout=120,
    )
    data = (tmp_path / "p.ppm").read_bytes()
    match = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert match
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, data[match.end() :]


def _count(
    pixels: tuple[int, int, bytes], box_pt: tuple[float, float, float, float], colour: str
) -> int:
    width, height, rgb = pixels
    scale = 50 / 72
    llx, lly, urx, ury = box_pt
    found = 0
    for y in range(int(height - ury * scale), int(height - lly * scale)):
        for x in range(int(llx * scale), int(urx * scale)):
            r, g, b = rgb[3 * (y * width + x) : 3 * (y * width + x) + 3]
            if colour == "blue" and b > 120 and r < 90 and g < 110:
                found += 1
            if colour == "red" and r > 150 and g < 90 and b < 90:
                found += 1
    return found


def test_appearance_shows_blue_signature_and_red_seal(tmp_path):
    _, boxes = letter_pdf()
    by_kind = {box.kind: box for box in boxes}
    unsigned = _pixels(letter_pdf()[0], tmp_path)
    signed = _pixels(both_signed(), tmp_path)
    signer_rect = by_kind["signer"].rect
    seal_rect = by_kind["seal"].rect
    assert _count(unsigned, signer_rect, "blue") == 0
    assert _count(unsigned, seal_rect, "red") == 0
    # The signature's right part (not under the seal) is blue; the seal is red.
    right_of_seal = (seal_rect[2], signer_rect[1], signer_rect[2], signer_rect[3])
    assert _count(signed, right_of_seal, "blue") > 20
    assert _count(signed, seal_rect, "red") > 20


def test_organisation_text_is_vietnamese_and_iso_time():
    _, boxes = letter_pdf()
    seal = next(box for box in boxes if box.kind == "seal")
    pdf = appearance_pdf(
        seal, image=SEAL, seal=True, lines=["UBND phường Bến Thành", ORGANISATION_AT.isoformat()]
    )
    text = pdf_text(pdf)
    assert "UBND phường Bến Thành" in text
    assert "2026-03-05T10:15:00+07:00" in text


def test_signed_appearance_carries_the_typst_text():
    """The ConDau widget draws the typst page: its font has a ToUnicode map (text extracts)."""
    reader = PdfReader(BytesIO(both_signed()))
    widgets = [
        annot.get_object() for annot in _annots(reader) if annot.get_object().get("/T") == "ConDau"
    ]
    assert len(widgets) == 1
    normal = widgets[0]["/AP"]["/N"].get_object()
    assert b"/CxAppearance Do" in _all_streams(normal)
    fonts = _fonts(normal)
    assert fonts, "the appearance embeds no font"
    assert all("Tinos" in str(font["/BaseFont"]) for font in fonts)
    cmaps = "".join(
        font["/ToUnicode"].get_object().get_data().decode("latin-1").upper() for font in fonts
    )
    assert "1EDD" in cmaps  # "ờ" of "phường" maps back to Unicode


def _annots(reader: PdfReader) -> list[Any]:
    annots: Any = reader.pages[0]["/Annots"]
    return list(annots)


def _all_streams(xobject: Any) -> bytes:
    """The content of a form XObject and of every form XObject it draws."""
    data: bytes = xobject.get_data()
    resources = xobject.get("/Resources")
    for child in (resources.get_object().get("/XObject", {}) if resources else {}).values():
        child = child.get_object()
        if child.get("/Subtype") == "/Form":
            data += b"\n" + _all_streams(child)
    return data


def _fonts(xobject: Any) -> list[Any]:
    found: list[Any] = []
    resources = xobject.get("/Resources")
    if resources is None:
        return found
    resources = resources.get_object()
    found += [font.get_object() for font in resources.get("/Font", {}).values()]
    for child in resources.get("/XObject", {}).values():
        child = child.get_object()
        if child.get("/Subtype") == "/Form":
            found += _fonts(child)
    return found


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxy"
        "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐƯƠ&<\"'",
        min_size=1,
        max_size=30,
    ).filter(lambda s: s.strip() == s and s)
)
def test_any_vietnamese_organisation_name_shows_exactly(name):
    _, boxes = letter_pdf()
    seal = next(box for box in boxes if box.kind == "seal")
    text = pdf_text(appearance_pdf(seal, image=SEAL, seal=True, lines=[name, "t"]))
    assert name in text


def test_organisation_name_is_nfc_and_bounded():
    nfd = unicodedata.normalize("NFD", "UBND phường Bến Thành")
    assert organisation_lines(nfd, ORGANISATION_AT)[0] == "UBND phường Bến Thành"
    with pytest.raises(SigningError, match="1 to 200 characters"):
        organisation_lines("x" * 201, ORGANISATION_AT)
    with pytest.raises(SigningError, match="1 to 200 characters"):
        organisation_signs(person_signed(), organisation="  ")
    with pytest.raises(UnrenderableTextError, match=r"U\+1F338"):
        organisation_signs(person_signed(), organisation="UBND 🌸")


def test_fixed_signing_time_gives_identical_bytes(cx_golden):
    pdf, _ = letter_pdf()
    again = sign_pdf(pdf, person_key(), image=SIGNATURE, signed_at=PERSON_AT)
    assert again == person_signed()
    both = both_signed()
    reader = PdfReader(BytesIO(both))
    lines = [f"sha256 {hashlib.sha256(both).hexdigest()}", f"bytes {len(both)}"]
    for annot in _annots(reader):
        field = annot.get_object()
        value = field["/V"].get_object()
        lines += [
            f"field {field['/T']}",
            f"  rect {[round(float(v), 2) for v in field['/Rect']]}",
            f"  /M {value['/M']}",
            f"  /Name {value.get('/Name')}",
            f"  /Reason {value.get('/Reason')}",
            f"  /SubFilter {value['/SubFilter']}",
            f"  /ByteRange {list(value['/ByteRange'])}",
        ]
    cx_golden.check("\n".join(lines) + "\n", "sign/ket_hon_signed.txt")


def test_naive_signing_time_is_vietnam_time():
    pdf, _ = letter_pdf()
    naive = sign_pdf(pdf, person_key(), image=SIGNATURE, signed_at=PERSON_AT.replace(tzinfo=None))
    assert naive == person_signed()


def test_pdfa_2b_claims_survive_signing():
    def claims(pdf: bytes) -> tuple[str, str]:
        root: Any = PdfReader(BytesIO(pdf)).trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data()
        part = re.search(rb"pdfaid:part(?:>|=\")(\d)", xmp)
        conformance = re.search(rb"pdfaid:conformance(?:>|=\")([AB])", xmp)
        assert part
        assert conformance
        return part.group(1).decode(), conformance.group(1).decode()

    assert claims(letter_pdf()[0]) == ("2", "B")
    assert claims(both_signed()) == ("2", "B")
    reader = PdfReader(BytesIO(both_signed()))
    root: Any = reader.trailer["/Root"]
    assert "/OutputIntents" in root
    assert "/Encrypt" not in reader.trailer


# --------------------------------------------------------------------------- levels


def test_b_t_with_a_local_timestamp_authority(tmp_path):
    pdf, _ = letter_pdf()
    stamped = sign_pdf(
        pdf, person_key(), image=SIGNATURE, signed_at=PERSON_AT, timestamper=pki().timestamper()
    )
    assert_pdfsig_valid(stamped, tmp_path, 1)
    report = verify_signed(stamped, trust_roots=trust())
    assert report.ok, report.problems
    assert report.signatures[0].timestamp is not None


def test_b_lt_and_b_lta_embed_validation_data(tmp_path):
    pdf, _ = letter_pdf()
    at = dt.datetime.now(VN).replace(microsecond=0)
    person = sign_pdf(
        pdf,
        person_key(),
        image=SIGNATURE,
        signed_at=at,
        timestamper=pki().timestamper(),
        validation_context=pki().validation_context(),
    )
    assert b"/DSS" in person[len(pdf) :]
    assert_pdfsig_valid(person, tmp_path, 1)
    report = verify_signed(person, trust_roots=trust())
    assert report.ok, report.problems
    both = organisation_signs(
        person,
        signed_at=at,
        timestamper=pki().timestamper(),
        validation_context=pki().validation_context(),
        level="B-LTA",
    )
    # pdfsig checks the two signatures; it does not verify document timestamps
    # (ETSI.RFC3161), which pyHanko checks below.
    verdicts = pdfsig(both, tmp_path)
    assert verdicts[:2] == ["Signature is Valid."] * 2, verdicts
    assert len(verdicts) == 3
    report = verify_signed(both, trust_roots=trust(), letter=letter())
    assert report.ok, report.problems
    assert [s.role for s in report.signatures] == ["person", "organisation", "timestamp"]


def test_levels_that_lack_their_data_are_refused():
    pdf, _ = letter_pdf()
    with pytest.raises(SigningError, match="timestamp authority"):
        sign_pdf(pdf, person_key(), image=SIGNATURE, level="B-T")
    with pytest.raises(SigningError, match="validation_context"):
        sign_pdf(pdf, person_key(), image=SIGNATURE, level="B-LT", timestamper=pki().timestamper())


# --------------------------------------------------------------------------- order (Điều 32)


def test_organisation_cannot_sign_first():
    pdf, _ = letter_pdf()
    with pytest.raises(SigningError, match=r"person has not signed yet.*Điều 32"):
        sign_pdf(pdf, organisation_key(), image=SEAL, role="organisation")


def test_person_cannot_sign_twice_or_after_the_organisation():
    with pytest.raises(SigningError, match="already signed in ChuKy"):
        sign_pdf(person_signed(), person_key(), image=SIGNATURE)
    with pytest.raises(SigningError, match="already signed in ChuKy"):
        sign_pdf(both_signed(), person_key(), image=SIGNATURE)
    with pytest.raises(SigningError, match="already signed in ConDau"):
        sign_pdf(both_signed(), organisation_key(), image=SEAL, role="organisation")


def test_unknown_role_is_refused():
    with pytest.raises(SigningError, match="role must be"):
        sign_pdf(letter_pdf()[0], person_key(), image=SIGNATURE, role="chairman")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- boxes


def test_letter_gives_the_boxes_of_a_pdf_without_fields(tmp_path):
    pdf, boxes = letter_pdf(fields=False)
    by_letter = sign_pdf(pdf, person_key(), image=SIGNATURE, letter=letter(), signed_at=PERSON_AT)
    by_boxes = sign_pdf(pdf, person_key(), image=SIGNATURE, boxes=boxes, signed_at=PERSON_AT)
    assert_pdfsig_valid(by_letter, tmp_path, 1)
    assert_pdfsig_valid(by_boxes, tmp_path, 1)
    from_letter = verify_signed(by_letter, trust_roots=trust()).signatures[0]
    from_boxes = verify_signed(by_boxes, trust_roots=trust()).signatures[0]
    assert from_letter.rect == from_boxes.rect
    signer = next(box for box in boxes if box.kind == "signer")
    assert from_letter.rect is not None
    assert abs(from_letter.rect[0] - signer.llx) <= 1


def test_pdf_without_boxes_or_letter_is_refused():
    pdf, _ = letter_pdf(fields=False)
    with pytest.raises(SigningError, match=r"no ChuKy/ConDau.*letter=.*boxes="):
        sign_pdf(pdf, person_key(), image=SIGNATURE)


def test_pdf_of_another_letter_is_refused():
    pdf, _ = letter_pdf(fields=False)
    other = example_letter("chia_buon/khai_tu")
    with pytest.raises(SigningError, match="not made from this letter"):
        sign_pdf(pdf, person_key(), image=SIGNATURE, letter=other)


def test_letter_and_boxes_together_are_refused():
    pdf, boxes = letter_pdf()
    with pytest.raises(SigningError, match="not both"):
        sign_pdf(pdf, person_key(), image=SIGNATURE, letter=letter(), boxes=boxes)


# --------------------------------------------------------------------------- verdicts


def test_tampered_byte_is_caught(tmp_path):
    both = bytearray(both_signed())
    pdf, _ = letter_pdf()
    position = len(pdf) // 2  # inside the content both signatures cover
    both[position] ^= 0x01
    report = verify_signed(bytes(both), trust_roots=trust())
    assert not report.ok
    assert all(not check.intact for check in report.signatures)
    assert any("changed after signing" in p for p in report.problems)
    assert "Signature is Valid." not in pdfsig(bytes(both), tmp_path)


def _signed_ranges(pdf: bytes) -> list[tuple[int, int]]:
    """The byte ranges the last signature covers (everything but its /Contents)."""
    found = re.findall(rb"/ByteRange \[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    a, b, c, d = (int(v) for v in found[-1])
    return [(a, a + b), (c, c + d)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(min_value=0, max_value=1, exclude_max=True), st.integers(1, 255))
def test_any_changed_signed_byte_is_caught(where, flip):
    both = bytearray(both_signed())
    (a, b), (c, d) = _signed_ranges(bytes(both))
    covered = (b - a) + (d - c)
    offset = int(where * covered)
    position = a + offset if offset < b - a else c + offset - (b - a)
    both[position] ^= flip
    try:
        report = verify_signed(bytes(both), trust_roots=trust())
    except SigningError:
        return  # the file no longer parses: a clear error is a verdict too
    assert not report.ok, position


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(min_value=0, max_value=1, exclude_max=True), st.integers(1, 255), st.booleans())
def test_damaged_input_signs_or_fails_clearly(where, flip, truncate):
    pdf = bytearray(letter_pdf()[0])
    position = int(where * len(pdf))
    if truncate:
        del pdf[max(position, 8) :]
    else:
        pdf[position] ^= flip
    try:
        signed = sign_pdf(bytes(pdf), person_key(), image=SIGNATURE, signed_at=PERSON_AT)
    except CamonXinloiError:
        return
    assert signed.startswith(bytes(pdf))


def test_appended_non_signature_update_is_caught():
    writer = PdfWriter(BytesIO(both_signed()), incremental=True)
    writer.add_metadata({"/Title": "Thư đã bị sửa"})
    out = BytesIO()
    writer.write(out)
    report = verify_signed(out.getvalue(), trust_roots=trust())
    assert not report.ok
    assert report.later_updates
    assert "not a signature" in report.later_updates[0]
    # The signatures themselves are still intact: the verdict names the update.
    assert all(check.intact for check in report.signatures)


def test_appended_annotation_over_the_page_is_caught():
    from pypdf.annotations import FreeText

    writer = PdfWriter(BytesIO(both_signed()), incremental=True)
    writer.add_annotation(0, FreeText(text="Số: 99/UBND-VX", rect=(100, 700, 300, 730)))
    out = BytesIO()
    writer.write(out)
    report = verify_signed(out.getvalue(), trust_roots=trust(), letter=letter())
    assert not report.ok
    assert report.later_updates
    changed = [p for p in report.problems if "changed after it beyond adding signatures" in p]
    assert [p.split(":")[0] for p in changed] == ["signature ChuKy", "signature ConDau"]


def test_wrong_signer_is_not_trusted():
    stranger = make_test_pki("stranger")
    report = verify_signed(both_signed(), trust_roots=[stranger.ca_pem])
    assert not report.ok
    assert all(check.intact and not check.trusted for check in report.signatures)
    assert any("not trusted" in p and "no chain" in p for p in report.problems)
    assert not verify_signed(both_signed()).ok  # no roots at all: nothing is trusted


def test_person_certificate_of_someone_else_is_a_wrong_signer(tmp_path):
    other = letter().model_copy(
        update={"signature": letter().signature.model_copy(update={"name": "Lê Thị Hoa"})}
    )
    pdf, _ = PdfRenderer().render_with_boxes(other, standard="a-2b", signature_fields=True)
    signed = sign_pdf(pdf, person_key(), image=SIGNATURE, signed_at=PERSON_AT)
    assert_pdfsig_valid(signed, tmp_path, 1)
    report = verify_signed(signed, trust_roots=trust(), letter=other)
    assert report.letter_matches is True  # the content is that letter ...
    assert not report.ok  # ... but Trần Văn Minh's key signed it, not Lê Thị Hoa's
    assert report.problems == (
        "wrong signer: the person's signature is by 'Trần Văn Minh', "
        "but the letter is signed by 'Lê Thị Hoa'",
    )


def test_different_letter_is_named():
    other = example_letter("chia_buon/khai_tu")
    report = verify_signed(both_signed(), trust_roots=trust(), letter=other)
    assert report.letter_matches is False
    assert any("not this letter" in p for p in report.problems)
    draft = example_letter(draft=True)  # same text, but without the number and date
    report = verify_signed(both_signed(), trust_roots=trust(), letter=draft)
    assert report.letter_matches is False
    assert any("number" in p for p in report.problems)


def test_unsigned_pdf_is_an_error():
    with pytest.raises(SigningError, match="no digital signature"):
        verify_signed(letter_pdf()[0])


def test_not_a_pdf_is_an_error(tmp_path):
    with pytest.raises(SigningError, match="not a PDF"):
        verify_signed(b"hello")
    with pytest.raises(SigningError, match="cannot read"):
        verify_signed(tmp_path / "missing.pdf")
    with pytest.raises(SigningError, match="not a PDF"):
        sign_pdf(b"GIF89a", person_key(), image=SIGNATURE)


def test_trust_root_that_is_not_a_certificate():
    with pytest.raises(SigningError, match="not a certificate"):
        verify_signed(both_signed(), trust_roots=[b"not a certificate"])


# --------------------------------------------------------------------------- bad input


def test_wrong_passphrase():
    with pytest.raises(SigningError, match="wrong passphrase") as info:
        load_pkcs12(pki().person_p12, "wrong")
    assert TEST_PASSPHRASE not in str(info.value)


def test_missing_pkcs11_module(tmp_path):
    with (
        pytest.raises(SigningError, match=r"PKCS#11 module .* does not exist"),
        open_pkcs11(tmp_path / "nope.so", pin="1234", token="x"),
    ):
        pass


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "expired"),
        (
            dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
            dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
            "not valid yet",
        ),
    ],
)
def test_certificate_outside_its_validity(start, end, message):
    short = make_test_pki(not_before=start, not_after=end)
    key = load_pkcs12(short.person_p12, TEST_PASSPHRASE)
    with pytest.raises(SigningError, match=message):
        sign_pdf(letter_pdf()[0], key, image=SIGNATURE, signed_at=PERSON_AT)


def _png_without_alpha() -> bytes:
    import struct
    import zlib

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 10, 10, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0" + b"\x00\x00\xff" * 10) * 1)
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("image", "message"),
    [(b"GIF89a....", "not a PNG"), (_png_without_alpha(), "no transparency")],
)
@pytest.mark.parametrize("role", ["person", "organisation"])
def test_bad_images(image, message, role):
    source = person_signed() if role == "organisation" else letter_pdf()[0]
    key = organisation_key() if role == "organisation" else person_key()
    with pytest.raises(ImageError, match=message):
        sign_pdf(source, key, image=image, role=role)


def test_signature_image_larger_than_its_box():
    from camon_xinloi.sign.throwaway import sample_seal_png

    with pytest.raises(ImageError, match="larger than its area"):
        sign_pdf(letter_pdf()[0], person_key(), image=sample_seal_png(50))


def test_pdfa_1_input_is_refused():
    pdf, _ = letter_pdf()
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    meta: Any = writer.root_object["/Metadata"].get_object()
    meta.set_data(re.sub(rb"pdfaid:part(>|=\")2", rb"pdfaid:part\g<1>1", meta.get_data()))
    out = BytesIO()
    writer.write(out)
    with pytest.raises(SigningError, match="PDF/A-1"):
        sign_pdf(out.getvalue(), person_key(), image=SIGNATURE)


def test_input_file_is_never_modified(tmp_path):
    path = tmp_path / "letter.pdf"
    pdf, _ = letter_pdf()
    path.write_bytes(pdf)
    before = path.stat().st_mtime_ns
    signed = sign_pdf(path, person_key(), image=SIGNATURE, signed_at=PERSON_AT)
    assert signed == person_signed()
    with pytest.raises(SigningError):
        sign_pdf(path, organisation_key(), image=SEAL, role="organisation")
    with pytest.raises(ImageError):
        sign_pdf(path, person_key(), image=b"nope")
    assert path.read_bytes() == pdf
    assert path.stat().st_mtime_ns == before


def test_pin_and_key_are_not_in_the_repr():
    key = person_key()
    text = repr(key)
    assert text == "SigningKey(source='the PKCS#12 file')"
    assert TEST_PASSPHRASE not in text


# --------------------------------------------------------------------------- the extra


def test_missing_extra_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyhanko", None)
    with pytest.raises(MissingDependencyError, match=r"camon-xinloi\[sign\]"):
        sign_pdf(letter_pdf()[0], person_key(), image=SIGNATURE)
    with pytest.raises(MissingDependencyError, match=r"camon-xinloi\[sign\]"):
        verify_signed(both_signed())
    with pytest.raises(MissingDependencyError, match=r"camon-xinloi\[sign\]"):
        load_pkcs12(pki().person_p12, TEST_PASSPHRASE)


def test_missing_pkcs11_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pkcs11", None)
    with (
        pytest.raises(MissingDependencyError, match=r"python-pkcs11.*camon-xinloi\[sign\]"),
        open_pkcs11("/nonexistent.so", pin="1", token="t"),
    ):
        pass


def test_core_import_does_not_need_the_extra():
    code = (
        "import sys; sys.modules['pyhanko'] = None; sys.modules['pkcs11'] = None\n"
        "import camon_xinloi, camon_xinloi.cli, camon_xinloi.sign\n"
        "from camon_xinloi.testing import example_letter\n"
        "assert camon_xinloi.render(example_letter(), 'text')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_pdfsig_is_installed():
    assert Path(system_tool("pdfsig", "poppler-utils")).is_file()


def test_person_pdf_renders_unchanged_by_sign_module():
    """Signing never changes what PdfRenderer makes: the unsigned bytes are a prefix."""
    pdf = PdfRenderer().render(letter(), standard="a-2b", signature_fields=True)
    assert person_signed().startswith(pdf)
