from __future__ import annotations

import pytest

from camon_xinloi import Issuer, Signatory, compose
from camon_xinloi.errors import RecordError
from camon_xinloi.record import LIMITS
from camon_xinloi.testing import EXAMPLE_DATE, example_event, example_issuer, example_letter


def test_record_of_an_issued_letter():
    rec = example_letter().record(pages=1)
    assert rec.code_number == "05"
    assert rec.code_notation == "UBND-VX"
    assert rec.promulgation_date == EXAMPLE_DATE
    assert rec.promulgation_place == "Phường 1 Bảo Lộc"
    assert rec.type_name == "Thư công"
    assert rec.organ_name == "Ủy ban nhân dân Phường 1 Bảo Lộc"
    assert rec.subject == "Thư chúc mừng gửi anh Lê Trung Dũng và chị Vũ Thị Huệ"
    assert rec.language == "vi"
    assert rec.page_amount == 1
    assert rec.signer_competence == "TM. ỦY BAN NHÂN DÂN"
    assert rec.signer_position == "CHỦ TỊCH"
    assert rec.signer_full_name == "Trần Văn Minh"
    assert rec.to_places == ("Như trên", "Lưu: VT, VX")


def test_record_of_a_draft_leaves_number_and_date_to_the_system():
    rec = example_letter(draft=True).record()
    assert rec.code_number is None
    assert rec.promulgation_date is None
    assert rec.code_notation == "UBND-VX"


def test_record_is_json_serialisable():
    rec = example_letter().record(pages=2)
    assert type(rec).model_validate_json(rec.model_dump_json()) == rec


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"notation": "UBND-" + "X" * 30}, "code_notation"),
        ({"name": "Xuân " * 45}, "organ_name"),
    ],
)
def test_over_long_fields_name_the_field_and_limit(change, field):
    issuer = example_issuer().model_copy(update=change)
    letter = compose(
        "chuc_mung/ket_hon", example_event("chuc_mung/ket_hon"), issuer=issuer, on=EXAMPLE_DATE
    )
    with pytest.raises(
        RecordError, match=rf"{field} is \d+ characters long.*limit of {LIMITS[field]}"
    ):
        letter.record()


def test_long_signer_name_is_refused():
    issuer = Issuer(
        unit_type="xã",
        name="Xuân Phú",
        province="tỉnh Đồng Nai",
        signatory=Signatory(full_name="Nguyễn " + "Văn " * 12 + "An"),
    )
    letter = compose(
        "chuc_mung/ket_hon", example_event("chuc_mung/ket_hon"), issuer=issuer, on=EXAMPLE_DATE
    )
    with pytest.raises(RecordError, match=r"signer_full_name .* limit of 50"):
        letter.record()


def test_pages_must_be_positive():
    with pytest.raises(RecordError, match="pages"):
        example_letter().record(pages=0)
