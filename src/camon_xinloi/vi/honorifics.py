"""Forms of address (ông, bà, anh, chị, cháu, cụ) for letters to citizens.

The rules follow domain.md §3:

* An explicit form recorded for the person (``person.honorific``) always wins,
  except "em", which an authority does not use towards a citizen in writing.
* By age on the letter's date: under 16 **cháu** (Luật Trẻ em 2016), 16 to 59
  **anh/chị**, 60 and over **ông/bà** (Luật Người cao tuổi 2009, Điều 2).
* Mừng thọ letters (``context="longevity"``) use **cụ** from 70, with the age
  counted as calendar year - birth year (domain.md §2.3); condolence letters
  use **cụ** from 70 as well, counted the same way (year of death - birth year).
* Unknown sex gives the double form **ông/bà** ("Ông/Bà" at a line start, the
  Huế replies), or **ông (bà)** as in Decree 30, Mẫu 1.8. Unknown age gives
  ông/bà.
* The form is capitalised at the start of a line or after "Kính gửi:"
  (:attr:`Honorific.title`) and lower case in running text
  (:attr:`Honorific.mid`). Names are normalised (every syllable capitalised).

Examples:
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class P:
    ...     full_name: str
    ...     sex: Literal["nam", "nu"] | None = None
    ...     birth_date: date | None = None
    ...     birth_year: int | None = None
    ...     honorific: str | None = None
    >>> on = date(2026, 3, 5)
    >>> salutation([P("lê trung dũng", "nam", birth_year=2001),
    ...             P("vũ thị huệ", "nu", birth_year=2003)], on=on)
    'Anh Lê Trung Dũng và chị Vũ Thị Huệ'
    >>> household(P("nguyễn văn an", "nam", birth_year=1950), on=on)
    'Gia đình ông Nguyễn Văn An'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal, Protocol

from camon_xinloi.vi.ages import age_on
from camon_xinloi.vi.names import normalize_name

__all__ = [
    "CHILD_MAX_AGE",
    "ELDER_AGE",
    "LONGEVITY_AGE",
    "Context",
    "Honorific",
    "PersonLike",
    "UnknownSexStyle",
    "honorific",
    "household",
    "level_couple",
    "salutation",
]

Context = Literal["default", "longevity", "child", "couple", "household", "condolence"]
"""What the letter is about, as far as the form of address is concerned."""

UnknownSexStyle = Literal["slash", "paren"]
"""How to write the form for an unknown sex: "ông/bà" or "ông (bà)"."""

CHILD_MAX_AGE: Final = 15
"""Ages up to this are addressed "cháu" (trẻ em are under 16, Luật Trẻ em 2016, Điều 1)."""

ELDER_AGE: Final = 60
"""From this age, "ông/bà" (người cao tuổi, Luật Người cao tuổi 2009, Điều 2)."""

LONGEVITY_AGE: Final = 70
"""From this age, "cụ" in mừng thọ and condolence letters (the first mừng thọ age)."""

_CONTEXTS: Final = ("default", "longevity", "child", "couple", "household", "condolence")
_CHILD_WORDS: Final = frozenset({"cháu", "bé"})
_FORBIDDEN: Final = frozenset({"em"})
_PUNCTUATION: Final = frozenset(" /()")


class PersonLike(Protocol):
    """What :func:`honorific` needs to know about a person (``events.Person`` fits)."""

    @property
    def full_name(self) -> str:
        """Họ và tên."""
        ...

    @property
    def sex(self) -> Literal["nam", "nu"] | None:
        """The sex: "nam", "nu", or None when unknown."""
        ...

    @property
    def birth_date(self) -> date | None:
        """Ngày sinh, when known."""
        ...

    @property
    def birth_year(self) -> int | None:
        """Năm sinh, when known (it must agree with ``birth_date``)."""
        ...

    @property
    def honorific(self) -> str | None:
        """An explicit form of address; it always wins."""
        ...


def _capitalise_after(text: str, starts: str) -> str:
    """Upper-case the first letter of ``text`` and the first letter after each of ``starts``."""
    out: list[str] = []
    start = True
    for ch in text:
        if start and ch.isalpha():
            out.append(ch.upper() if len(ch.upper()) == 1 else ch)
            start = False
        else:
            out.append(ch)
            if ch in starts:
                start = True
    return "".join(out)


@dataclass(frozen=True)
class Honorific:
    """A form of address, stored in lower case: "ông", "chị", "cụ bà", "ông/bà", "ông (bà)".

    Attributes:
        word: The form as written mid-sentence: lower case, NFC, single spaces;
            letters, spaces, "/" and parentheses only. "em" is refused.

    Examples:
        >>> h = Honorific("ông/bà")
        >>> h.title, h.mid, h.courtesy, h.courtesy_mid
        ('Ông/Bà', 'ông/bà', 'Quý Ông/Bà', 'quý Ông/Bà')
        >>> Honorific("ông").address("nguyễn văn an")
        'Ông Nguyễn Văn An'
        >>> Honorific("em")
        Traceback (most recent call last):
        ...
        ValueError: 'em' is not used by an authority towards a citizen; use 'anh', 'chị' or 'cháu'
    """

    word: str

    def __post_init__(self) -> None:
        word = self.word
        if not isinstance(word, str):
            raise TypeError(f"expected the honorific as str, not {type(word).__name__}: {word!r}")
        if not word or word != " ".join(word.split()):
            raise ValueError(f"an honorific must be non-empty and single-spaced: {word!r}")
        if not unicodedata.is_normalized("NFC", word) or word != word.lower():
            raise ValueError(
                f"an honorific is stored in NFC lower case ({word.lower()!r}), not {word!r};"
                " use Honorific.parse()"
            )
        for ch in word:
            if not (ch.isalpha() or ch in _PUNCTUATION):
                raise ValueError(f"an honorific cannot contain {ch!r}: {word!r}")
        parts = set(word.replace("/", " ").replace("(", " ").replace(")", " ").split())
        if parts & _FORBIDDEN:
            raise ValueError(
                f"{word!r} is not used by an authority towards a citizen;"
                " use 'anh', 'chị' or 'cháu'"
            )
        if not parts:
            raise ValueError(f"an honorific needs a word: {word!r}")

    @classmethod
    def parse(cls, text: str) -> Honorific:
        """Build an honorific from free text in any case ("Cụ Bà", "ÔNG/BÀ").

        Args:
            text: The form of address.

        Returns:
            The honorific in NFC lower case with single spaces.

        Raises:
            TypeError: If ``text`` is not a string.
            ValueError: If it is empty, "em", or holds characters other than
                letters, spaces, "/" and parentheses.

        Examples:
            >>> Honorific.parse("  Cụ   Bà ").word
            'cụ bà'
        """
        if not isinstance(text, str):
            raise TypeError(f"expected the honorific as str, not {type(text).__name__}: {text!r}")
        return cls(" ".join(unicodedata.normalize("NFC", text).split()).lower())

    @property
    def title(self) -> str:
        """The form at the start of a line or after "Kính gửi:": "Ông", "Ông/Bà", "Ông (bà)".

        Examples:
            >>> Honorific("ông (bà)").title, Honorific("cụ bà").title
            ('Ông (bà)', 'Cụ bà')
        """
        return _capitalise_after(self.word, "/")

    @property
    def mid(self) -> str:
        """The form in running text: "ông", "ông/bà", "ông (bà)".

        Examples:
            >>> Honorific("chị").mid
            'chị'
        """
        return self.word

    @property
    def courtesy(self) -> str:
        """The courteous form without a name, as in "Kính gửi: Quý Ông/Bà.".

        Every alternative is capitalised (the Huế replies); children's forms
        ("cháu", "bé") take no "Quý".

        Examples:
            >>> Honorific("ông/bà").courtesy, Honorific("ông (bà)").courtesy
            ('Quý Ông/Bà', 'Quý Ông (Bà)')
            >>> Honorific("cháu").courtesy
            'Cháu'
        """
        capitalised = _capitalise_after(self.word, "/( ")
        if self.word in _CHILD_WORDS:
            return capitalised
        return f"Quý {capitalised}"

    @property
    def courtesy_mid(self) -> str:
        """The courteous form in running text: "cảm ơn phản ánh của quý Ông/Bà".

        Examples:
            >>> Honorific("ông/bà").courtesy_mid
            'quý Ông/Bà'
        """
        courtesy = self.courtesy
        return "q" + courtesy[1:] if courtesy.startswith("Quý ") else courtesy

    def address(self, name: str) -> str:
        """The form and the normalised name at a line start: "Ông Nguyễn Văn An".

        Args:
            name: The full name; it is normalised.

        Returns:
            :attr:`title`, a space and the name.

        Raises:
            ValueError: If the name is invalid.

        Examples:
            >>> Honorific("chị").address("VŨ THỊ HUỆ")
            'Chị Vũ Thị Huệ'
        """
        return f"{self.title} {normalize_name(name)}"

    def refer(self, name: str) -> str:
        """The form and the normalised name in running text: "ông Nguyễn Văn An".

        Args:
            name: The full name; it is normalised.

        Returns:
            :attr:`mid`, a space and the name.

        Raises:
            ValueError: If the name is invalid.

        Examples:
            >>> Honorific("cụ").refer("tạ duy hiển")
            'cụ Tạ Duy Hiển'
        """
        return f"{self.mid} {normalize_name(name)}"


def _pair(male: str, female: str, sex: str | None, unknown: UnknownSexStyle) -> Honorific:
    if sex == "nam":
        return Honorific(male)
    if sex == "nu":
        return Honorific(female)
    return Honorific(f"{male}/{female}" if unknown == "slash" else f"{male} ({female})")


def _age(person: PersonLike, on: date, *, by_year: bool) -> int | None:
    """The age on ``on``: completed years from a birth date, else on.year - birth_year."""
    birth_date, birth_year = person.birth_date, person.birth_year
    if birth_date is not None and birth_year is not None and birth_date.year != birth_year:
        raise ValueError(
            f"birth_year {birth_year!r} does not agree with birth_date {birth_date!r}"
            f" for {person.full_name!r}"
        )
    if birth_date is not None:
        return age_on(birth_date.year if by_year else birth_date, on)
    if birth_year is not None:
        return age_on(birth_year, on)
    return None


def honorific(
    person: PersonLike,
    *,
    on: date,
    context: Context = "default",
    unknown_sex: UnknownSexStyle = "slash",
    elder_with_sex: bool = False,
) -> Honorific:
    """Choose the form of address for a person on a given day.

    Rules, in order:

    1. ``person.honorific``, when set, wins ("em" is refused).
    2. ``context="child"``: "cháu" (the newborn of a birth letter).
    3. ``context="longevity"``: "cụ" from 70, with the age counted as
       ``on.year - birth year``; also "cụ" when the age is unknown, since the
       letter is a mừng thọ letter. ``context="condolence"``: "cụ" from 70,
       counted the same way, as the letter prints the age at death
       (:attr:`camon_xinloi.events.DeathRegistered.age_at_death`).
    4. Unknown age: "ông"/"bà".
    5. By age: under 16 "cháu", 16 to 59 "anh"/"chị", 60 and over "ông"/"bà".
       In ``"couple"`` and ``"household"`` contexts a spouse or head of
       household is never "cháu": the floor is "anh"/"chị".

    An unknown sex gives "ông/bà", "anh/chị" (or "ông (bà)", "anh (chị)"
    with ``unknown_sex="paren"``); "cháu" and "cụ" have no sex. Couples are
    put together by the caller (see :func:`salutation`).

    Args:
        person: Any object with ``full_name``, ``sex``, ``birth_date``,
            ``birth_year`` and ``honorific`` (see :class:`PersonLike`).
        on: The letter's date, or the date of death for a condolence.
        context: What the letter is about (see :data:`Context`).
        unknown_sex: ``"slash"`` ("ông/bà") or ``"paren"`` ("ông (bà)", Decree 30 Mẫu 1.8).
        elder_with_sex: Write "cụ ông"/"cụ bà" instead of "cụ" when the sex is known.

    Returns:
        The chosen :class:`Honorific`.

    Raises:
        TypeError: If ``on`` is not a date.
        ValueError: If ``context``, ``unknown_sex`` or ``person.sex`` is not an
            allowed value, the birth date and year disagree, ``on`` is before
            the birth, or the explicit honorific is invalid.

    Examples:
        >>> from types import SimpleNamespace as NS
        >>> def person(sex=None, year=None, form=None):
        ...     return NS(full_name="Nguyễn An", sex=sex, birth_date=None,
        ...               birth_year=year, honorific=form)
        >>> on = date(2026, 3, 5)
        >>> [honorific(person("nam", y), on=on).word for y in (2015, 2000, 1960)]
        ['cháu', 'anh', 'ông']
        >>> honorific(person("nu", 1950), on=on, context="longevity").title
        'Cụ'
        >>> honorific(person("nu", 1950), on=on, context="longevity", elder_with_sex=True).title
        'Cụ bà'
        >>> honorific(person(), on=on).title, honorific(person(), on=on, unknown_sex="paren").title
        ('Ông/Bà', 'Ông (bà)')
        >>> honorific(person("nam", 2000, form="Ông"), on=on).word
        'ông'
    """
    if not isinstance(on, date):
        raise TypeError(f"expected a datetime.date for on, not {type(on).__name__}: {on!r}")
    if context not in _CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(_CONTEXTS)}; not {context!r}")
    if unknown_sex not in ("slash", "paren"):
        raise ValueError(f"unknown_sex must be 'slash' or 'paren', not {unknown_sex!r}")
    if person.honorific is not None:
        return Honorific.parse(person.honorific)
    sex = person.sex
    if sex not in (None, "nam", "nu"):
        raise ValueError(f"sex must be 'nam', 'nu' or None, not {sex!r}")
    age = _age(person, on, by_year=context in ("longevity", "condolence"))
    if context == "child":
        return Honorific("cháu")
    if (context == "longevity" and (age is None or age >= LONGEVITY_AGE)) or (
        context == "condolence" and age is not None and age >= LONGEVITY_AGE
    ):
        return Honorific(
            f"cụ {'ông' if sex == 'nam' else 'bà'}" if elder_with_sex and sex else "cụ"
        )
    if age is None or age >= ELDER_AGE:
        return _pair("ông", "bà", sex, unknown_sex)
    if age <= CHILD_MAX_AGE and context not in ("couple", "household"):
        return Honorific("cháu")
    return _pair("anh", "chị", sex, unknown_sex)


def household(
    person: PersonLike,
    *,
    on: date,
    line_start: bool = True,
    unknown_sex: UnknownSexStyle = "slash",
) -> str:
    """Name a family by its head, as in "Kính gửi: Gia đình ông Nguyễn Văn An".

    Args:
        person: The head of the household (see :class:`PersonLike`).
        on: The letter's date.
        line_start: "Gia đình …" (default) or "gia đình …" for running text.
        unknown_sex: As in :func:`honorific`.

    Returns:
        "Gia đình", the form in lower case (``context="household"``) and the name.

    Raises:
        ValueError: As :func:`honorific`, or if the name is invalid.

    Examples:
        >>> from types import SimpleNamespace as NS
        >>> head = NS(full_name="vũ thế sự", sex="nam", birth_date=None,
        ...           birth_year=None, honorific=None)
        >>> household(head, on=date(2026, 3, 5))
        'Gia đình ông Vũ Thế Sự'
        >>> household(head, on=date(2026, 3, 5), line_start=False)
        'gia đình ông Vũ Thế Sự'
    """
    form = honorific(person, on=on, context="household", unknown_sex=unknown_sex)
    return f"{'G' if line_start else 'g'}ia đình {form.refer(person.full_name)}"


_ELDER_OF: dict[str, str] = {
    "anh": "ông",
    "chị": "bà",
    "anh/chị": "ông/bà",
    "anh (chị)": "ông (bà)",
}


def level_couple(forms: Sequence[Honorific]) -> list[Honorific]:
    """Address a couple on one level: if one is "ông"/"bà", an "anh"/"chị" becomes one too.

    A husband of 60 and a wife of 51 are "ông A và bà B", never "ông A và chị B".

    Examples:
        >>> [f.word for f in level_couple([Honorific("ông"), Honorific("chị")])]
        ['ông', 'bà']
        >>> [f.word for f in level_couple([Honorific("anh"), Honorific("chị")])]
        ['anh', 'chị']
    """
    words = {form.word for form in forms}
    if len(forms) != 2 or not words & {"ông", "bà", "ông/bà", "ông (bà)"}:
        return list(forms)
    return [Honorific(_ELDER_OF.get(form.word, form.word)) for form in forms]


def salutation(
    persons: Sequence[PersonLike],
    *,
    on: date,
    context: Context = "default",
    unknown_sex: UnknownSexStyle = "slash",
) -> str:
    """Write the recipient after "Kính gửi:" for one person or a couple.

    The first form is capitalised, the second is not: "Anh Lê Trung Dũng và
    chị Vũ Thị Huệ". With ``context="household"`` the line names the family:
    "Gia đình ông Nguyễn Văn An" (and "… và bà …" for two heads). Three or more
    recipients go on separate lines, one call each.

    Args:
        persons: One or two persons (see :class:`PersonLike`).
        on: The letter's date.
        context: As in :func:`honorific`; it applies to both persons.
        unknown_sex: As in :func:`honorific`.

    Returns:
        The text after "Kính gửi: ", without final punctuation.

    Raises:
        TypeError: If ``persons`` is not a sequence of persons (a single
            person or a string is refused).
        ValueError: If there are not one or two persons, or as :func:`honorific`.

    Examples:
        >>> from types import SimpleNamespace as NS
        >>> an = NS(full_name="Nguyễn Văn An", sex="nam", birth_date=date(1958, 1, 2),
        ...         birth_year=None, honorific=None)
        >>> salutation([an], on=date(2026, 3, 5))
        'Ông Nguyễn Văn An'
    """
    if isinstance(persons, str) or not isinstance(persons, Sequence):
        raise TypeError(
            f"expected a sequence of one or two persons, not {type(persons).__name__}: {persons!r}"
        )
    if not 1 <= len(persons) <= 2:
        raise ValueError(f"salutation takes one or two persons, not {len(persons)}")
    forms = [honorific(p, on=on, context=context, unknown_sex=unknown_sex) for p in persons]
    if context == "couple":
        forms = level_couple(forms)
    if context == "household":
        names = " và ".join(f.refer(p.full_name) for f, p in zip(forms, persons, strict=True))
        return f"Gia đình {names}"
    first = forms[0].address(persons[0].full_name)
    rest = [f.refer(p.full_name) for f, p in zip(forms[1:], persons[1:], strict=True)]
    return " và ".join([first, *rest])
