"""Event models: what happened, as validated data.

Every event is a frozen pydantic model with ``extra="forbid"`` and a ``kind``
literal, so a JSON object or a CSV row parses to the right model with
:func:`parse_event`. Text is NFC-normalised; characters that cannot be printed
are refused with an error naming the field.

| kind | model | letters |
|---|---|---|
| ``marriage_registered`` | :class:`MarriageRegistered` | chúc mừng kết hôn |
| ``birth_registered`` | :class:`BirthRegistered` | chúc mừng thành viên mới |
| ``longevity_celebrated`` | :class:`LongevityCelebrated` | mừng thọ |
| ``death_registered`` | :class:`DeathRegistered` | chia buồn |
| ``dossier_delayed`` | :class:`DossierDelayed` | phiếu xin lỗi và hẹn lại ngày trả kết quả |
| ``service_failure`` | :class:`ServiceFailure` | xin lỗi vì sai sót, thái độ |
| ``feedback_received`` | :class:`FeedbackReceived` | cảm ơn góp ý, phản ánh, kiến nghị |
| ``contribution_received`` | :class:`ContributionReceived` | cảm ơn đóng góp, hiến đất |
| ``case_resolved`` | :class:`CaseResolved` | cảm ơn sự hợp tác |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from camon_xinloi.text import LongText, Name, ShortText, Text
from camon_xinloi.vi.ages import AgeStyle, age_on, longevity_milestone
from camon_xinloi.vi.names import normalize_name

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "MAX_ITEMS",
    "AnyEvent",
    "BirthRegistered",
    "CaseResolved",
    "CaseType",
    "Channel",
    "ContributionItem",
    "ContributionReceived",
    "DeathRegistered",
    "Deceased",
    "DeliveryChannel",
    "Donor",
    "DossierDelayed",
    "Event",
    "EventDate",
    "Failure",
    "FeedbackReceived",
    "FeedbackType",
    "Household",
    "LabourItem",
    "LandItem",
    "LongevityCelebrated",
    "MarriageRegistered",
    "MaterialItem",
    "MeritStatus",
    "MoneyItem",
    "Occasion",
    "Organisation",
    "Person",
    "Religion",
    "ServiceFailure",
    "Sex",
    "event_json_schema",
    "event_kinds",
    "event_model",
    "parse_event",
    "validation_problems",
]

Sex = Literal["nam", "nu"]

Religion = Literal["phat_giao", "cong_giao", "tin_lanh", "cao_dai", "hoa_hao", "hoi_giao"]
"""A religion named on the death record when the family asks for a fitting letter:
Phật giáo, Công giáo, Tin Lành, Cao Đài, Phật giáo Hòa Hảo, Hồi giáo."""

MeritStatus = Literal["liet_si", "thuong_binh", "benh_binh", "nguoi_co_cong"]
"""A status of merit (người có công): liệt sĩ, thương binh, bệnh binh, người có công."""

Occasion = Literal["sinh_nhat", "tet_nguyen_dan", "ngay_nguoi_cao_tuoi", "quoc_te_nguoi_cao_tuoi"]
"""When a mừng thọ is held (Luật Người cao tuổi 2009, Điều 21): the birthday,
tết Nguyên đán, Ngày Người cao tuổi Việt Nam (6/6) or Ngày Quốc tế Người cao tuổi (1/10)."""

DeliveryChannel = Literal["truc_tiep", "buu_chinh", "thu_dien_tu", "tin_nhan", "zalo"]
"""How a letter reaches the citizen: in person, by post, e-mail, SMS or Zalo."""

Channel = Literal[
    "truc_tiep",
    "van_ban",
    "dien_thoai",
    "thu_dien_tu",
    "cong_dich_vu_cong",
    "ung_dung",
    "tiep_cong_dan",
]
"""How feedback came in: in person, in writing, by phone (or hotline), e-mail,
the public-service portal, a mobile app (Zalo, a city app), or a citizens' reception."""

FeedbackType = Literal["gop_y", "phan_anh", "kien_nghi"]
"""Góp ý (a suggestion), phản ánh (a report of a problem), kiến nghị (a request)."""

Failure = Literal["sai_sot", "thai_do", "nhung_nhieu", "lo_hen"]
"""What went wrong: an error in a paper, a staff member's attitude,
harassment (nhũng nhiễu), a missed appointment."""

CaseType = Literal["ho_so", "khieu_nai", "to_cao", "phan_anh_kien_nghi", "tranh_chap"]
"""What was settled: a dossier, a complaint, a denunciation, a report or
request, a dispute (tranh chấp, e.g. over land, settled by conciliation)."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


_D = TypeVar("_D", dt.date, dt.date | None)


def _not_before(value: _D, info: ValidationInfo, earlier: str) -> _D:
    """Refuse a date that falls before the date in the field ``earlier`` (if both are set)."""
    other = info.data.get(earlier)
    if value is not None and other is not None and value < other:
        raise ValueError(
            f"{info.field_name} {value.isoformat()} is before {earlier} {other.isoformat()}"
        )
    return value


_MIN_BIRTH_YEAR = 1850
_MAX_BIRTH_YEAR = 2200


FIRST_DATE = dt.date(1900, 1, 31)
"""The first date an event may carry: the start of the lunar calendar the letters cite."""
LAST_DATE = dt.date(2100, 12, 31)
"""The last date an event may carry."""

MAX_ITEMS = 100
"""The most items one contribution may list."""

EventDate = Annotated[dt.date, Field(ge=FIRST_DATE, le=LAST_DATE)]
"""A date of an event, within the range the library writes in full, solar and lunar."""


class Person(_Model):
    """A citizen named in a letter.

    Attributes:
        full_name: Họ và tên; normalised ("nguyễn văn an" → "Nguyễn Văn An").
        sex: "nam" or "nu", when known; it picks ông/bà, anh/chị.
        birth_date: Ngày sinh, when known.
        birth_year: Năm sinh, when only the year is known (filled from birth_date).
        honorific: An explicit form of address ("cụ", "ông", "bà", ...), which always wins.
        address: Nơi cư trú, e.g. "thôn Đông, xã Xuân Phú, tỉnh Đồng Nai".
        phone: Số điện thoại, when a letter cites it (a phiếu xin lỗi does).

    Examples:
        >>> Person(full_name="  nguyễn   văn an ", sex="nam").full_name
        'Nguyễn Văn An'
    """

    full_name: Name
    sex: Sex | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = Field(default=None, ge=_MIN_BIRTH_YEAR, le=_MAX_BIRTH_YEAR)
    honorific: ShortText | None = None
    address: Text | None = None
    phone: ShortText | None = None

    @field_validator("full_name")
    @classmethod
    def _normalise_name(cls, value: str) -> str:
        return normalize_name(value)

    @field_validator("birth_date")
    @classmethod
    def _birth_date_in_range(cls, value: dt.date | None) -> dt.date | None:
        # The same bounds as birth_year, which is filled from it.
        if value is not None and not _MIN_BIRTH_YEAR <= value.year <= _MAX_BIRTH_YEAR:
            raise ValueError(
                f"birth_date {value.isoformat()} is not between {_MIN_BIRTH_YEAR} and"
                f" {_MAX_BIRTH_YEAR}"
            )
        return value

    @model_validator(mode="after")
    def _year_from_date(self) -> Person:
        if self.birth_date is not None:
            if self.birth_year is not None and self.birth_year != self.birth_date.year:
                raise ValueError(
                    f"birth_year {self.birth_year} does not match birth_date {self.birth_date}"
                )
            object.__setattr__(self, "birth_year", self.birth_date.year)
        return self


class Deceased(Person):
    """A person who has died, with what a fitting condolence letter needs.

    Attributes:
        religion: Tôn giáo, when the family wishes the letter to respect it.
        status: Liệt sĩ, thương binh, bệnh binh or người có công, when recognised.
    """

    religion: Religion | None = None
    status: MeritStatus | None = None


class Household(_Model):
    """A household (hộ gia đình), named after its head: "gia đình ông Vũ Thế Sự".

    Attributes:
        head: The head of the household (chủ hộ).
        address: The household's address, when it differs from the head's.
    """

    type: Literal["ho_gia_dinh"] = "ho_gia_dinh"
    head: Person
    address: Text | None = None


class Organisation(_Model):
    """An organisation or business (tổ chức, doanh nghiệp, hội, đoàn thể).

    Attributes:
        name: Its name as written, e.g. "Công ty TNHH Xây dựng Minh Phát".
        representative: Who represents it, when the letter names them.
        address: Its address.
    """

    type: Literal["to_chuc"] = "to_chuc"
    name: Text
    representative: Person | None = None
    address: Text | None = None


Donor = Person | Household | Organisation
"""A contributor: a person (the default shape), a household or an organisation."""


class Event(_Model):
    """Base class of all events. Subclasses set a ``kind`` literal."""

    kind: str


def _not_future(value: dt.date, field: str) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"{field} {value.isoformat()} is in the future")
    return value


class MarriageRegistered(Event):
    """Đăng ký kết hôn: a couple registered their marriage at the commune.

    Dùng khi Ủy ban nhân dân xã/phường trao Giấy chứng nhận kết hôn và gửi thư
    chúc mừng đôi vợ chồng (domain.md §2.1).

    Attributes:
        spouses: The two spouses; the order is kept in the letter.
        registered_on: The registration date.
        certificate_no: Số Giấy chứng nhận kết hôn, if it is to be cited.
        residence: Nơi cư trú of the couple, if cited.
    """

    kind: Literal["marriage_registered"] = "marriage_registered"
    spouses: tuple[Person, Person]
    registered_on: EventDate
    certificate_no: ShortText | None = None
    residence: Text | None = None


class BirthRegistered(Event):
    """Đăng ký khai sinh: a child's birth was registered (thành viên mới).

    Dùng khi Ủy ban nhân dân xã/phường cấp Giấy khai sinh cho trẻ và gửi thư
    chúc mừng gia đình có thành viên mới (domain.md §2.2).

    Attributes:
        child: The child: full name, sex and birth date (required, not in the future).
        parents: One or two parents, as they are addressed ("anh …, chị …").
        registered_on: Ngày đăng ký khai sinh (the date on the Giấy khai sinh),
            not before the birth.
        certificate_no: Số Giấy khai sinh, if it is cited.
        address: Nơi cư trú of the family (thôn, tổ dân phố …).
    """

    kind: Literal["birth_registered"] = "birth_registered"
    child: Person
    parents: tuple[Person, ...] = Field(min_length=1, max_length=2)
    registered_on: EventDate
    certificate_no: ShortText | None = None
    address: Text | None = None

    @field_validator("child")
    @classmethod
    def _child_born(cls, child: Person) -> Person:
        if child.birth_date is None:
            raise ValueError("child.birth_date is required for a birth registration")
        _not_future(child.birth_date, "child.birth_date")
        return child

    @field_validator("registered_on")
    @classmethod
    def _after_birth(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        child = info.data.get("child")
        if child is not None and child.birth_date is not None and value < child.birth_date:
            raise ValueError(
                f"registered_on {value.isoformat()} is before child.birth_date"
                f" {child.birth_date.isoformat()}"
            )
        return value


class LongevityCelebrated(Event):
    """Mừng thọ: an elder reaches a longevity age this year.

    Dùng khi Ủy ban nhân dân xã/phường (cùng Hội Người cao tuổi) chúc thọ người
    cao tuổi tròn 70, 75, 80, 85, 90, 95 và từ 100 tuổi trở lên, vào dịp sinh
    nhật, tết Nguyên đán, Ngày Người cao tuổi Việt Nam (6/6) hoặc Ngày Quốc tế
    Người cao tuổi (1/10) (Luật Người cao tuổi 2009, Điều 21; domain.md §2.3).

    The age is ``year - birth year`` (no tuổi mụ), as the State counts it.

    Attributes:
        elder: The elder; birth_date or birth_year is required.
        year: The year of the celebration; ``year - birth year`` must be a
            mừng thọ age (70, 75, … 95, or 100 and over).
        occasion: The occasion of the celebration.
        celebrated_on: The day of the ceremony, if known (in ``year``).
    """

    kind: Literal["longevity_celebrated"] = "longevity_celebrated"
    elder: Person
    year: int = Field(ge=1900, le=2200)
    occasion: Occasion = "tet_nguyen_dan"
    celebrated_on: EventDate | None = None

    @field_validator("elder")
    @classmethod
    def _has_birth(cls, elder: Person) -> Person:
        if elder.birth_year is None:
            raise ValueError("elder.birth_date or elder.birth_year is required")
        return elder

    @field_validator("year")
    @classmethod
    def _milestone(cls, year: int, info: ValidationInfo) -> int:
        elder = info.data.get("elder")
        if elder is None or elder.birth_year is None:
            return year
        if year < elder.birth_year or longevity_milestone(elder.birth_year, year) is None:
            raise ValueError(
                f"year {year} gives age {year - elder.birth_year}, which is not a mừng thọ"
                " age (70, 75, 80, 85, 90, 95, or 100 and over)"
            )
        return year

    @field_validator("celebrated_on")
    @classmethod
    def _in_year(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        year = info.data.get("year")
        if value is not None and year is not None and value.year != year:
            raise ValueError(f"celebrated_on {value.isoformat()} is not in year {year}")
        return value

    @property
    def age(self) -> int:
        """The age celebrated: ``year - birth year``."""
        assert self.elder.birth_year is not None  # checked by the validator
        return self.year - self.elder.birth_year


class DeathRegistered(Event):
    """Đăng ký khai tử: a death was registered at the commune.

    Dùng khi Ủy ban nhân dân xã/phường cấp Trích lục khai tử và gửi thư chia
    buồn tới gia đình người đã mất (domain.md §2.4, §4). Tôn giáo hoặc diện
    liệt sĩ của người mất, nếu gia đình cho biết, giúp chọn lời văn phù hợp.

    Attributes:
        deceased: The person who died (birth date or year gives the age).
        died_on: Ngày mất: not in the future, not before the birth.
        died_at: The time of death, if the family wishes it cited.
        place_of_death: Nơi mất, if cited.
        circumstances: How the person died, as a phrase that follows the verb
            ("khi làm nhiệm vụ chữa cháy tại khu phố 2"); used for a martyr.
        addressee: The family member the letter is addressed to ("Kính gửi: Bà …
            và gia quyến"); ``None`` addresses the family as a whole ("Kính gửi:
            Gia đình cụ …").
        relationship: The addressee's relation to the deceased ("vợ", "con trai" …),
            printed as "bà …, vợ của ông …"; only with an addressee.
        certificate_no: Số Trích lục khai tử.
        registered_on: Ngày đăng ký khai tử, not before the death.
        age_style: How the printed age is counted from the printed birth year, so
            that a reader's subtraction always agrees with the letter:
            "calendar" is year of death - year of birth (the State's count, as
            in mừng thọ letters), "tuoi_mu" one more (the obituaries' tuổi mụ).
        lunar_date: Whether the letter also gives the date of death in the lunar
            calendar; ``None`` lets the template decide (the Catholic letter
            gives none unless asked).
        religious_closing: Close the letter with the religion's own words (the
            Buddhist "Nam Mô A Di Đà Phật") only when the family asks for them:
            the committee does not voice them by default.
    """

    kind: Literal["death_registered"] = "death_registered"
    deceased: Deceased
    died_on: EventDate
    died_at: dt.time | None = None
    place_of_death: Text | None = None
    circumstances: Text | None = None
    addressee: Person | None = None
    relationship: ShortText | None = None
    certificate_no: ShortText | None = None
    registered_on: EventDate | None = None
    age_style: AgeStyle = "calendar"
    lunar_date: bool | None = None
    religious_closing: bool = False

    @field_validator("died_on")
    @classmethod
    def _after_birth(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        _not_future(value, "died_on")
        deceased = info.data.get("deceased")
        if deceased is None:
            return value
        if deceased.birth_date is not None and value < deceased.birth_date:
            raise ValueError(
                f"died_on {value.isoformat()} is before deceased.birth_date"
                f" {deceased.birth_date.isoformat()}"
            )
        if deceased.birth_year is not None and value.year < deceased.birth_year:
            raise ValueError(
                f"died_on {value.isoformat()} is before deceased.birth_year {deceased.birth_year}"
            )
        return value

    @field_validator("registered_on")
    @classmethod
    def _after_death(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return _not_before(value, info, "died_on")

    @model_validator(mode="after")
    def _relationship_needs_addressee(self) -> DeathRegistered:
        if self.relationship is not None and self.addressee is None:
            raise ValueError(
                "relationship needs an addressee: it says how the addressee is related"
                " to the deceased (a letter to the whole family has none)"
            )
        return self

    @property
    def age_at_death(self) -> int | None:
        """The age the letter prints, or None when no birth year is known.

        Counted from the birth *year* under :attr:`age_style`, so that "sinh năm
        1944 … hưởng thọ 82 tuổi" (died 2026) adds up for every reader:
        ``died_on.year - birth_year``, plus one for tuổi mụ.
        """
        if self.deceased.birth_year is None:
            return None
        return age_on(self.deceased.birth_year, self.died_on, style=self.age_style)


class DossierDelayed(Event):
    """Hồ sơ trễ hẹn: a dossier cannot be returned by its appointment date.

    Dùng để lập "Phiếu xin lỗi và hẹn lại ngày trả kết quả" (Nghị định
    118/2025/NĐ-CP; domain.md §2.5). Phiếu phải đến tay công dân **chậm nhất
    vào ngày hẹn trả kết quả ban đầu** (``due_on``), nêu rõ lý do chậm và ngày
    hẹn trả lại.

    The apology must reach the citizen no later than the original due date;
    ``new_due_on`` must be strictly after ``due_on``.

    Attributes:
        applicant: Who filed the dossier (name, address and phone are printed).
        procedure: Tên thủ tục hành chính / loại hồ sơ.
        dossier_code: Mã hồ sơ.
        receipt_no: Số Giấy tiếp nhận hồ sơ và hẹn trả kết quả (biên nhận), if separate.
        received_on: Ngày tiếp nhận hồ sơ.
        due_on: Ngày hẹn trả kết quả ban đầu (not before ``received_on``).
        new_due_on: Ngày hẹn trả kết quả lại (strictly after ``due_on``).
        reason: Lý do chậm trả kết quả.
        status: Tình trạng giải quyết hiện nay.
        channel: How the phiếu is sent to the citizen.
    """

    kind: Literal["dossier_delayed"] = "dossier_delayed"
    applicant: Person
    procedure: Text
    dossier_code: ShortText
    receipt_no: ShortText | None = None
    received_on: EventDate
    due_on: EventDate
    new_due_on: EventDate
    reason: LongText
    status: LongText
    channel: DeliveryChannel = "truc_tiep"

    @field_validator("due_on")
    @classmethod
    def _after_receipt(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        return _not_before(value, info, "received_on")

    @field_validator("new_due_on")
    @classmethod
    def _after_due(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        due = info.data.get("due_on")
        if due is not None and value <= due:
            raise ValueError(
                f"new_due_on {value.isoformat()} must be after due_on {due.isoformat()}"
            )
        return value


class ServiceFailure(Event):
    """Sai sót hoặc thái độ: the committee apologises for its own failing.

    Dùng khi cán bộ, công chức để xảy ra sai sót trong giấy tờ, có thái độ
    chưa đúng mực hoặc hành vi nhũng nhiễu, hay lỡ hẹn với công dân; thư xin
    lỗi nêu việc đã xảy ra và cách khắc phục (domain.md §2.5).

    Attributes:
        applicant: The citizen who was wronged.
        failure: What kind of failing it was.
        occurred_on: When it happened.
        description: What happened, as a clause or noun phrase
            ("Giấy khai sinh của cháu ghi sai năm sinh của bà").
        remedy: How it is being put right, as a predicate whose subject is the
            committee ("đã cấp lại Giấy khai sinh đúng nội dung").
        procedure: The procedure concerned, if any.
        dossier_code: The dossier concerned, if any.
        reissued: The corrected paper waiting for the citizen, if any
            ("bản chính Giấy khai sinh"); the letter then invites them to
            collect it at the unit's Trung tâm Phục vụ hành chính công.
    """

    kind: Literal["service_failure"] = "service_failure"
    applicant: Person
    failure: Failure
    occurred_on: EventDate
    description: LongText
    remedy: LongText
    procedure: Text | None = None
    dossier_code: ShortText | None = None
    reissued: ShortText | None = None

    @field_validator("occurred_on")
    @classmethod
    def _past(cls, value: dt.date) -> dt.date:
        return _not_future(value, "occurred_on")


class FeedbackReceived(Event):
    """Góp ý, phản ánh, kiến nghị: a citizen or an organisation told the committee something.

    Dùng để cảm ơn người dân, tổ chức đã góp ý, phản ánh, kiến nghị và thông báo
    kết quả xem xét, xử lý (domain.md §2.6).

    Attributes:
        sender: The citizen (a person) or the organisation.
        feedback_type: Góp ý, phản ánh or kiến nghị.
        received_on: When it was received.
        channel: How it was received.
        subject: What it was about, as a noun phrase ("tình trạng đèn chiếu sáng …").
        result: The answer or the result of handling it.
    """

    kind: Literal["feedback_received"] = "feedback_received"
    sender: Person | Organisation
    feedback_type: FeedbackType = "gop_y"
    received_on: EventDate
    channel: Channel = "truc_tiep"
    subject: LongText
    result: LongText

    @property
    def from_organisation(self) -> bool:
        """True when the sender is an organisation, not a person."""
        return isinstance(self.sender, Organisation)


class MoneyItem(_Model):
    """Tiền: money, a whole number of đồng ≥ 0."""

    type: Literal["tien"] = "tien"
    amount: int = Field(ge=0, lt=10**15)


class LandItem(_Model):
    """Đất: land in square metres (> 0), with its kind and an estimated value if known."""

    type: Literal["dat"] = "dat"
    area_m2: Decimal = Field(gt=0, lt=10**9)
    land_type: Text | None = None
    value: int | None = Field(default=None, ge=0, lt=10**15)


class LabourItem(_Model):
    """Ngày công: working days (> 0)."""

    type: Literal["ngay_cong"] = "ngay_cong"
    days: Decimal = Field(gt=0, lt=10**6)


class MaterialItem(_Model):
    """Vật tư: materials, described in words, with an estimated value if known."""

    type: Literal["vat_tu"] = "vat_tu"
    description: Text
    value: int | None = Field(default=None, ge=0, lt=10**15)


ContributionItem = Annotated[
    MoneyItem | LandItem | LabourItem | MaterialItem, Field(discriminator="type")
]
"""One thing contributed, discriminated by ``type``: tien, dat, ngay_cong, vat_tu."""


class ContributionReceived(Event):
    """Đóng góp: money, land, working days or materials given for a public work.

    Dùng để cảm ơn cá nhân, hộ gia đình, tổ chức đã đóng góp tiền, hiến đất,
    góp ngày công hoặc vật tư xây dựng công trình chung, như mở rộng đường
    giao thông nông thôn (domain.md §2.6).

    Attributes:
        donor: A person, a household or an organisation.
        items: One or more items (at least one).
        project: The work it is for ("mở rộng đường liên thôn Đông - Tây").
        location: Where the work is (thôn, tổ dân phố), if cited.
        contributed_on: When it was given.
    """

    kind: Literal["contribution_received"] = "contribution_received"
    donor: Donor
    items: tuple[ContributionItem, ...] = Field(
        max_length=MAX_ITEMS, json_schema_extra={"minItems": 1}
    )
    project: Text
    location: Text | None = None
    contributed_on: EventDate

    @field_validator("items")
    @classmethod
    def _not_empty(cls, items: tuple[ContributionItem, ...]) -> tuple[ContributionItem, ...]:
        # Checked here rather than with min_length, which also reports an empty
        # tuple when an item is invalid.
        if not items:
            raise ValueError("items is empty; a contribution needs at least one item")
        return items

    @property
    def donor_type(self) -> Literal["ca_nhan", "ho_gia_dinh", "to_chuc"]:
        """Return "ca_nhan" (a person), "ho_gia_dinh" (a household) or "to_chuc"."""
        if isinstance(self.donor, Household):
            return "ho_gia_dinh"
        if isinstance(self.donor, Organisation):
            return "to_chuc"
        return "ca_nhan"

    @property
    def money(self) -> int:
        """The money given, in đồng (0 if none)."""
        return sum(i.amount for i in self.items if isinstance(i, MoneyItem))

    @property
    def land_area(self) -> Decimal:
        """The land given, in m² (0 if none)."""
        return sum((i.area_m2 for i in self.items if isinstance(i, LandItem)), Decimal(0))

    @property
    def working_days(self) -> Decimal:
        """The working days given (0 if none)."""
        return sum((i.days for i in self.items if isinstance(i, LabourItem)), Decimal(0))

    @property
    def materials(self) -> tuple[MaterialItem, ...]:
        """The material items."""
        return tuple(i for i in self.items if isinstance(i, MaterialItem))

    @property
    def land(self) -> tuple[LandItem, ...]:
        """The land items."""
        return tuple(i for i in self.items if isinstance(i, LandItem))


class CaseResolved(Event):
    """Giải quyết xong: a dossier or a complaint was settled with the citizen's help.

    Dùng để cảm ơn công dân đã phối hợp, cung cấp đầy đủ thông tin, giấy tờ trong quá trình
    giải quyết hồ sơ, khiếu nại, phản ánh hay hòa giải tranh chấp.

    Attributes:
        citizen: The citizen thanked.
        case_type: What was settled.
        case: The case as a noun phrase ("hồ sơ đăng ký biến động đất đai thửa số 112").
        dossier_code: The dossier or case number, if any.
        started_on: When the case began, if cited.
        resolved_on: When it was settled (not before ``started_on``).
        result: The outcome, if the letter states it.
    """

    kind: Literal["case_resolved"] = "case_resolved"
    citizen: Person
    case_type: CaseType = "ho_so"
    case: Text
    dossier_code: ShortText | None = None
    started_on: EventDate | None = None
    resolved_on: EventDate
    result: LongText | None = None

    @field_validator("resolved_on")
    @classmethod
    def _after_start(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        return _not_before(value, info, "started_on")


_MODELS: tuple[type[Event], ...] = (
    MarriageRegistered,
    BirthRegistered,
    LongevityCelebrated,
    DeathRegistered,
    DossierDelayed,
    ServiceFailure,
    FeedbackReceived,
    ContributionReceived,
    CaseResolved,
)

AnyEvent = Annotated[
    MarriageRegistered
    | BirthRegistered
    | LongevityCelebrated
    | DeathRegistered
    | DossierDelayed
    | ServiceFailure
    | FeedbackReceived
    | ContributionReceived
    | CaseResolved,
    Field(discriminator="kind"),
]
"""Any event model, discriminated by ``kind``."""

_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)
_BY_KIND: dict[str, type[Event]] = {cls.model_fields["kind"].default: cls for cls in _MODELS}


def event_kinds() -> tuple[str, ...]:
    """Return the known event kinds, sorted.

    Examples:
        >>> "marriage_registered" in event_kinds()
        True
    """
    return tuple(sorted(_BY_KIND))


def event_model(kind: str) -> type[Event]:
    """Return the model class for ``kind``, or raise ``KeyError`` listing the known kinds."""
    try:
        return _BY_KIND[kind]
    except KeyError:
        raise KeyError(
            f"unknown event kind {kind!r}; known kinds: {', '.join(event_kinds())}"
        ) from None


def validation_problems(exc: ValidationError) -> tuple[tuple[str, str], ...]:
    """Each problem of a failed validation as (field path, message), for one-line reports.

    The path is dotted ("spouses.1.full_name"), without the event kind that a
    discriminated union puts first; problems with the kind itself have the path
    "kind" and say which kinds exist. Invalid JSON has the path "".

    Examples:
        >>> try:
        ...     parse_event({"kind": "wedding"})
        ... except ValidationError as exc:
        ...     print(validation_problems(exc)[0][1])
        unknown event kind 'wedding'; known kinds: birth_registered, ...
    """
    kinds = event_kinds()
    problems: list[tuple[str, str]] = []
    for err in exc.errors():
        loc = list(err["loc"])
        if loc and loc[0] in kinds:
            loc = loc[1:]
        path, message = ".".join(str(p) for p in loc), err["msg"]
        ctx = err.get("ctx") or {}
        if err["type"] == "json_invalid":
            message = f"not valid JSON ({ctx.get('error', err['msg'])})"
        elif err["type"] == "union_tag_invalid":
            path = "kind"
            message = f"unknown event kind {ctx.get('tag')!r}; known kinds: {', '.join(kinds)}"
        elif err["type"] == "union_tag_not_found":
            path, message = "kind", f"no 'kind' field; known kinds: {', '.join(kinds)}"
        problems.append((path, message))
    return tuple(problems)


def parse_event(data: Mapping[str, Any] | str | bytes) -> Event:
    """Parse a dict or a JSON document into the event model named by its ``kind``.

    Raises:
        pydantic.ValidationError: If ``kind`` is unknown or a field is invalid.

    Examples:
        >>> ev = parse_event('{"kind": "marriage_registered", "registered_on": "2026-03-05",'
        ...     ' "spouses": [{"full_name": "lê trung dũng", "sex": "nam"},'
        ...     ' {"full_name": "Vũ Thị Huệ", "sex": "nu"}]}')
        >>> type(ev).__name__, ev.spouses[0].full_name
        ('MarriageRegistered', 'Lê Trung Dũng')
    """
    if isinstance(data, (str, bytes)):
        return _ADAPTER.validate_json(data)
    return _ADAPTER.validate_python(dict(data))


def event_json_schema(kind: str | None = None) -> dict[str, Any]:
    """Return the JSON Schema of one event kind, or of any event when ``kind`` is None.

    Examples:
        >>> event_json_schema("marriage_registered")["properties"]["kind"]["const"]
        'marriage_registered'
    """
    if kind is None:
        return _ADAPTER.json_schema()
    return event_model(kind).model_json_schema()
