"""What a native-speaking clerk found reading the whole catalogue once more (issue 13).

Each test reads a letter as the clerk did and fails on the wording that was found.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from camon_xinloi.catalogue import catalogue
from camon_xinloi.compose import compose
from camon_xinloi.events import Event, parse_event
from camon_xinloi.issuer import Issuer, Signatory
from camon_xinloi.letter import Letter
from camon_xinloi.record import record_subject
from camon_xinloi.render.text import LEFT, letter_to_text
from camon_xinloi.testing import example_event, example_issuer, letter_parts

ON = dt.date(2026, 3, 5)
ISSUER = example_issuer()


def letter(template_id: str, event: Event | None = None, issuer: Issuer = ISSUER) -> Letter:
    return compose(template_id, event or example_event(template_id), issuer=issuer, on=ON, number=5)


def body(template_id: str, event: Event | None = None) -> str:
    return "\n".join(p.text for p in letter(template_id, event).body)


def paragraphs(template_id: str) -> list[str]:
    return [p.text for p in letter(template_id).body]


# A. Wording that would stop the signature.


def test_khai_sinh_does_not_say_registration_makes_a_citizen() -> None:
    composed = letter("chuc_mung/khai_sinh")
    text = "\n".join(p.text for p in composed.body)
    assert "công dân" not in text  # citizenship comes from birth (Luật Quốc tịch)
    assert "công dân" not in (composed.subject or "")
    assert "thành viên mới của cộng đồng dân cư Phường 1 Bảo Lộc" in text


def test_khai_sinh_speaks_to_the_parents_and_does_not_order_them() -> None:
    text = body("chuc_mung/khai_sinh")
    assert "con của anh Nguyễn Văn Tuấn" not in text  # the letter is addressed to them
    assert "con của anh chị" in text
    assert "gia đình lưu ý" not in text
    assert "xin lưu ý anh chị" in text
    assert "Nhân dịp vui mừng này" not in text
    assert "dưới 6 tuổi nếu" not in text
    assert "Trung tâm Phục vụ hành chính công phường" in text


def test_giai_quyet_xong_does_not_thank_for_patience() -> None:
    text = body("cam_on/giai_quyet_xong")
    assert "kiên nhẫn" not in text
    assert "thông cảm" not in text
    assert "cung cấp đầy đủ, kịp thời thông tin, giấy tờ theo yêu cầu" in text
    assert "Kết quả:" not in text
    assert "kính mời bà" in text
    assert "trong việc xây dựng" in text
    meta = catalogue().get("cam_on/giai_quyet_xong")
    assert "kiên nhẫn" not in meta.description


def test_ngay_cong_does_not_put_twelve_working_days_on_one_date() -> None:
    text = body("cam_on/ngay_cong")
    assert "Vào ngày 28 tháng 02 năm 2026" not in text
    assert "tham gia đóng góp" not in text
    # the estimated value stands right after the thing it is the value of
    assert "2 tấn xi măng (trị giá ước tính 3.600.000 đồng" in text
    assert re.search(r"xi măng \(trị giá[^)]*\) và 12 ngày công lao động", text)


def test_a_value_never_follows_a_list_it_does_not_belong_to() -> None:
    event = parse_event(
        {
            "kind": "contribution_received",
            "donor": {"full_name": "Lò Thị Xuân", "sex": "nu", "birth_year": 1986},
            "items": [
                {"type": "ngay_cong", "days": 3},
                {"type": "vat_tu", "description": "50 bao xi măng", "value": 4500000},
            ],
            "project": "làm đường giao thông nông thôn",
            "contributed_on": "2026-02-10",
        }
    )
    for template_id in ("cam_on/ngay_cong", "cam_on/dong_gop", "cam_on/hien_dat"):
        text = body(template_id, event)
        assert "ngày công lao động và 50 bao xi măng (trị giá" not in text, template_id
        assert "50 bao xi măng (trị giá ước tính 4.500.000 đồng" in text, template_id


# B. Corrected before signing.


def test_tre_hen_labels_the_new_date_and_does_not_repeat_itself() -> None:
    text = body("xin_loi/tre_hen")
    assert "Thời gian hẹn trả lại kết quả" not in text
    assert "Ngày hẹn trả kết quả mới: Thứ Sáu, ngày 13 tháng 3 năm 2026." in text
    assert "Thời gian hẹn trả kết quả: Thứ Sáu, ngày 06 tháng 3 năm 2026." in text
    assert "đã gây phiền hà" not in text  # the phiếu may go out before the due date
    assert "rất mong ông thông cảm" in text
    assert "26/02/2026" not in text


def test_tre_hen_values_after_a_label_start_with_a_capital() -> None:
    for line in paragraphs("xin_loi/tre_hen"):
        label, colon, value = line.partition(": ")
        if colon and len(label) < 60 and not label.endswith("sau"):
            assert not value[:1].islower(), line


def test_liet_si_ends_on_the_wishes_in_the_committee_voice() -> None:
    last = paragraphs("chia_buon/liet_si")[-2]
    assert "Chính quyền địa phương" not in last
    assert "thực hiện các thủ tục, chế độ, chính sách đối với anh và gia đình" in last
    assert last.endswith("Kính mong gia đình nén đau thương, giữ gìn sức khỏe.")


def test_liet_si_example_is_written_soon_after_the_death() -> None:
    event = example_event("chia_buon/liet_si")
    assert 0 <= (ON - event.died_on).days <= 15  # type: ignore[attr-defined]


def test_sai_sot_does_not_read_as_the_mothers_own_birth() -> None:
    text = body("xin_loi/sai_sot")
    assert "thủ tục đăng ký khai sinh (mã hồ sơ H29.15-260225-0031) của bà" not in text
    assert "do bà yêu cầu" in text
    assert "cán bộ, công chức" not in text


def test_thai_do_apologises_without_distance() -> None:
    text = body("xin_loi/thai_do")
    assert "lấy làm tiếc" not in text
    assert "nhiều lần" not in text  # one date in the event
    assert text.count("nghiêm túc") <= 1
    assert "Đối với sự việc trên" not in text
    assert "cán bộ" not in text
    assert "đã phân công" in text


def test_mung_tho_names_the_units_association_and_wishes_as_people_do() -> None:
    composed = letter("chuc_mung/mung_tho")
    text = "\n".join(p.text for p in composed.body)
    assert "Hội Người cao tuổi phường" in composed.distribution
    assert "Chúc gia đình luôn hòa thuận, hạnh phúc, các thế hệ hiếu thảo." in text
    assert "kính gửi tới cụ lời chúc thọ" in text
    assert "cụ luôn là" in text


def test_archive_line_names_the_drafting_unit() -> None:
    assert letter("chuc_mung/ket_hon").distribution_lines[-1] == "- Lưu: VT, VX."
    bare = Issuer(
        unit_type="xã",
        name="Xuân Phú",
        province="tỉnh Đồng Nai",
        signatory=Signatory(full_name="Lê Thị Hoa"),
    )
    assert bare.distribution == ("Lưu: VT",)
    data = bare.model_dump(exclude={"distribution"})
    other = Issuer.from_dict({**data, "notation": "UBND-VP"})
    assert other.distribution == ("Lưu: VT, VP",)
    kept = Issuer.from_dict({**data, "notation": "UBND-VP", "distribution": ["Lưu: VT, HT"]})
    assert kept.distribution == ("Lưu: VT, HT",)


# C. Style.


def test_money_is_in_the_sentence_with_bang_chu_in_lower_case() -> None:
    text = body("cam_on/dong_gop")
    assert "Số tiền đóng góp:" not in text
    assert "kinh phí 125.500.000 đồng (bằng chữ: Một trăm" in text
    assert "tương thân tương ái" not in text
    assert "kịp thời" not in text
    for template_id in catalogue().ids():
        assert "Bằng chữ" not in body(template_id), template_id


def test_a_household_is_spoken_to_with_its_heads_honorific() -> None:
    text = body("cam_on/hien_dat")
    assert "gia đình ông đã tự nguyện hiến" in text
    assert "gia đình đã" not in text


def test_feedback_letters_read_as_letters() -> None:
    gop_y = body("cam_on/gop_y")
    assert "như sau" not in gop_y
    assert "như sau" not in body("cam_on/phan_anh")
    assert "02/3/2026" not in gop_y
    phan_anh = body("cam_on/phan_anh")
    assert "bộ phận chuyên môn" not in phan_anh
    assert "phòng chuyên môn" in phan_anh
    assert "bà con trên địa bàn" in phan_anh
    assert "những hư hỏng, bất cập" in phan_anh
    assert "28/02/2026" not in phan_anh


@pytest.mark.parametrize(
    "template_id",
    ["chia_buon/khai_tu", "chia_buon/khai_tu_cong_giao", "chia_buon/khai_tu_phat_giao"],
)
def test_condolence_does_not_grieve_twice(template_id: str) -> None:
    text = body(template_id)
    assert "thương tiếc" in text
    assert "tiếc thương" not in text


def test_ket_hon_wishes_once_per_sentence() -> None:
    for sentence in body("chuc_mung/ket_hon").split(". "):
        assert sentence.count("chúc") <= 1, sentence


def test_no_letter_opens_with_vao_ngay_nor_repeats_the_committee() -> None:
    for template_id in catalogue().ids():
        paras = paragraphs(template_id)
        assert not paras[0].startswith("Vào ngày"), template_id
        starts = [p.startswith("Ủy ban nhân dân") for p in paras]
        assert not any(a and b for a, b in itertools.pairwise(starts)), template_id


def test_every_pdf_title_names_the_kind_and_the_addressee() -> None:
    for template_id in catalogue().ids():
        title = record_subject(letter(template_id))
        assert " gửi " in title, title
        assert title.startswith(("Thư ", "Phiếu ")), title


def test_text_prints_every_noi_nhan_beside_the_signature() -> None:
    """A long "Nơi nhận" item wraps in its column instead of moving the list under the name."""
    for template_id in catalogue().ids():
        composed = letter(template_id)
        lines = letter_to_text(composed).splitlines()
        beside = [line for line in lines if line.startswith("Nơi nhận:")]
        assert beside, template_id
        assert "TM. ỦY BAN NHÂN DÂN" in beside[0], template_id
        assert letter_parts(letter_to_text(composed)) == letter_parts(composed), template_id


def test_text_wraps_a_noi_nhan_item_outside_unit_names() -> None:
    composed = letter("xin_loi/tre_hen").model_copy(
        update={"distribution": ("Như trên", "Ban Chỉ huy Quân sự Xã Sơn Kim 1", "Lưu: VT, VX")}
    )
    lines = letter_to_text(composed).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận:"))
    column = [line[:LEFT].rstrip() for line in lines[start : start + 6]]
    assert all(len(line) < LEFT for line in column)
    assert not any(line.endswith(("Xã", "Sơn", "Kim")) for line in column), column
    assert letter_parts(letter_to_text(composed)).distribution == composed.distribution_lines


# D. The second fresh reading: letters that would be sent back.


def test_sai_sot_speaks_to_the_mother_and_tells_her_where_to_collect() -> None:
    text = body("xin_loi/sai_sot")
    assert "năm sinh của người mẹ" not in text  # the letter is addressed to her
    assert (
        "Giấy khai sinh của cháu ghi sai năm sinh của bà (ghi là năm 1995, đúng là năm 1996)"
        in text
    )
    assert "cải chính thông tin" not in text
    assert "đã thực hiện cải chính hộ tịch và cấp bản chính Giấy khai sinh" in text
    assert "sự việc" not in text
    assert "nhận trách nhiệm về sai sót này" in text
    assert "mà sai sót đã gây ra cho bà." in text
    assert (
        "Kính mời bà mang theo giấy tờ tùy thân đến Trung tâm Phục vụ hành chính công "
        "Phường 1 Bảo Lộc để nhận bản chính Giấy khai sinh." in text
    )
    plain = example_event("xin_loi/sai_sot").model_copy(update={"reissued": None})
    assert "Kính mời" not in body("xin_loi/sai_sot", plain)  # nothing to collect, no invitation


def test_giai_quyet_xong_hands_over_a_land_certificate_as_the_centre_does() -> None:
    text = body("cam_on/giai_quyet_xong")
    assert "kính mời bà đến nhận" not in text
    assert "sau khi hoàn thành nghĩa vụ tài chính (nếu có), kính mời bà mang theo" in text
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả, giấy tờ tùy thân" in text
    assert "kể từ ngày" not in text
    assert (
        "Trong quá trình giải quyết hồ sơ (tiếp nhận ngày 02 tháng 02 năm 2026), bà đã phối hợp"
        in text
    )
    assert text.count("giải quyết hồ sơ") <= 1  # 'giải quyết xong hồ sơ' is the other one
    assert "đúng hạn" not in text  # the event carries no due date


def test_thai_do_names_the_incident_once_and_does_not_claim_the_dossier_resolved() -> None:
    text = body("xin_loi/thai_do")
    assert text.count("sự việc") == 1, text
    assert "trái với quy định về văn hóa công vụ" not in text
    assert "chưa đúng với quy định về văn hóa công vụ" in text
    assert "Sau đó, Ủy ban nhân dân phường đã tổ chức kiểm điểm" in text
    assert "không để tình trạng tương tự tái diễn" in text
    # the event says who was assigned to help, not that the dossier was resolved
    assert "đã phân công một công chức khác trực tiếp hướng dẫn, giải quyết hồ sơ cho ông" in text
    assert not re.search(r"đã (được )?giải quyết (xong )?hồ sơ", text)


def test_khai_sinh_says_who_issues_the_health_card_and_speaks_to_each_parent() -> None:
    text = body("chuc_mung/khai_sinh")
    assert (
        "chào đón cháu Nguyễn Phạm Minh Khang, con của anh chị, sinh ngày 10 tháng 02 năm 2026, "
        "là thành viên mới của cộng đồng dân cư Phường 1 Bảo Lộc." in text
    )
    assert "Nếu cháu chưa có thẻ" not in text
    assert (
        "Thẻ bảo hiểm y tế của cháu được cơ quan Bảo hiểm xã hội cấp theo thủ tục liên thông; "
        "nếu cần hỗ trợ, anh chị liên hệ Trung tâm Phục vụ hành chính công phường." in text
    )
    assert "lưu ý gia đình" not in text
    assert letter("chuc_mung/khai_sinh").subject == "Mừng cháu chào đời"
    event = example_event("chuc_mung/khai_sinh")
    mother = event.model_copy(update={"parents": event.parents[1:]})  # type: ignore[attr-defined]
    alone = body("chuc_mung/khai_sinh", mother)
    assert "xin lưu ý chị giữ gìn" in alone
    assert "nếu cần hỗ trợ, chị liên hệ" in alone
    xa = ISSUER.model_copy(update={"unit_type": "xã"})
    assert "Trung tâm Phục vụ hành chính công xã." in "\n".join(
        p.text for p in letter("chuc_mung/khai_sinh", issuer=xa).body
    )


def test_tre_hen_a_dossier_is_verified_by_the_commune_not_verifying() -> None:
    text = body("xin_loi/tre_hen")
    assert "Hồ sơ cần xác minh" not in text
    assert "Hồ sơ cần được Ủy ban nhân dân xã Diễn Châu, tỉnh Nghệ An (nơi đăng ký" in text
    assert ") xác minh thông tin khai sinh." in text
    assert "xin lỗi ông và rất mong nhận được sự thông cảm của ông" not in text
    assert "chân thành xin lỗi và rất mong ông thông cảm." in text
    assert "Thời gian hẹn lại" not in text
    assert "Ngày hẹn trả kết quả mới: " in text


def test_hien_dat_says_community_once_and_keeps_the_land_value_an_estimate() -> None:
    text = body("cam_on/hien_dat")
    assert text.count("cộng đồng") == 1, text
    assert "thể hiện ý thức trách nhiệm và sự đồng thuận với chủ trương" in text
    assert "40,8 m² đất ở (trị giá ước tính khoảng 1.224.000.000 đồng; bằng chữ: Một tỷ" in text
    # materials keep their own estimate, without "khoảng"
    assert "2 tấn xi măng (trị giá ước tính 3.600.000 đồng" in body("cam_on/ngay_cong")


def test_small_wording_of_the_second_reading() -> None:
    khai_tu = body("chia_buon/khai_tu")
    assert "chân thành nhất" not in khai_tu
    assert "lời chia buồn sâu sắc nhất." in khai_tu
    liet_si = body("chia_buon/liet_si")
    assert "đã nêu tấm gương" not in liet_si
    assert "Anh là tấm gương sáng" in liet_si
    assert "lời chia buồn sâu sắc nhất. Đồng thời, Ủy ban nhân dân phường sẽ phối hợp" in liet_si
    dong_gop = body("cam_on/dong_gop")
    assert dong_gop.count("tấm lòng") == 1
    assert "chân thành cảm ơn sự đóng góp quý báu của Quý Công ty." in dong_gop
    ngay_cong = body("cam_on/ngay_cong")
    assert "góp phần giúp công trình được thi công đúng tiến độ" in ngay_cong
    mung_tho = body("chuc_mung/mung_tho")
    assert "đã luôn là" not in mung_tho
    assert mung_tho.count("con cháu") <= 2
    phan_anh = body("cam_on/phan_anh")
    assert "xây dựng địa bàn" not in phan_anh
    assert "xây dựng Phường 1 Bảo Lộc ngày càng văn minh, an toàn." in phan_anh
