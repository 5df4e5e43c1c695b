"""Valid Mexican identifiers for fictional people and companies: CURP, RFC, CLABE.

The check digits follow the official algorithms (the same ones that
`bicentennial.records.types.curp` / `rfc` verify).
"""

from __future__ import annotations

import datetime
import random
from functools import lru_cache

from bicentennial.demo.names import strip_accents

CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
RFC_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
VOWELS = "AEIOU"

# Four-letter words RENAPO replaces (the second letter becomes X); a common subset.
_INCONVENIENT_WORDS = (
    "BACA BAKA BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COGI COJA COJE COJI COJO COLA CULO FALO FETO "
    "GETA GUEI GUEY JETA JOTO KACA KACO KAGA KAGO KAKA KAKO KOGE KOGI KOJA KOJE KOJI KOJO KOLA KULO LILO "
    "LOCA LOCO LOKA LOKO MAME MAMO MEAR MEAS MEON MIAR MION MOCO MOKO MULA MULO NACA NACO PEDA PEDO PENE "
    "PIPI PITO POPO PUTA PUTO QULO RATA ROBA ROBE ROBO RUIN SENO TETA VACA VAGA VAGO VAKA VUEI VUEY WUEI WUEY"
)
CURP_INCONVENIENT = frozenset(_INCONVENIENT_WORDS.split())
# RFC replaces the last letter with X instead.
RFC_INCONVENIENT = CURP_INCONVENIENT
# Given names skipped when a compound name starts with them.
SKIPPED_GIVEN = ("JOSE", "J", "J.", "MARIA", "MA", "MA.", "M", "M.")
SKIPPED_PARTICLES = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "Y", "MC", "MAC", "VON", "VAN", "DA", "DI", "DER"})


@lru_cache(maxsize=4096)
def _clean(word: str) -> str:
    """Upper case, Ñ kept as a marker, other accents dropped."""
    word = word.upper().replace("Ñ", "\x00")
    return strip_accents(word).replace("\x00", "Ñ")


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    words = [w for w in _clean(text).replace(".", " ").split() if w not in SKIPPED_PARTICLES]
    return tuple(words) or ("X",)


@lru_cache(maxsize=4096)
def _given(first: str) -> str:
    words = _clean(first).split()
    if len(words) > 1 and words[0] in SKIPPED_GIVEN:
        return words[1]
    return words[0]


def _first_internal_vowel(word: str) -> str:
    for ch in word[1:]:
        if ch in VOWELS:
            return ch
    return "X"


def _first_internal_consonant(word: str) -> str:
    for ch in word[1:]:
        if ch not in VOWELS and ch.isalpha():
            return "X" if ch == "Ñ" else ch
    return "X"


def _letter(ch: str) -> str:
    return "X" if ch == "Ñ" or not ch.isalpha() else ch


_CURP_VALUE = {ch: n for n, ch in enumerate(CURP_ALPHABET)}
_RFC_VALUE = {ch: n for n, ch in enumerate(RFC_ALPHABET)}


def curp_check_digit(first17: str) -> str:
    total = sum(_CURP_VALUE[ch] * w for ch, w in zip(first17, range(18, 1, -1), strict=False))
    return str((10 - total % 10) % 10)


def rfc_check_digit(first: str) -> str:
    padded = first.rjust(12)
    total = sum(_RFC_VALUE[ch] * w for ch, w in zip(padded, range(13, 1, -1), strict=False))
    remainder = total % 11
    if remainder == 0:
        return "0"
    digit = 11 - remainder
    return "A" if digit == 10 else str(digit)


def curp(
    first: str, father: str, mother: str | None, birth: datetime.date, sex: str, state: str, homonym: int
) -> str:
    """A CURP with a valid check digit; `state` is the CURP state code (NE for born abroad)."""
    paternal = _words(father)[0]
    maternal = _words(mother)[0] if mother else "X"
    given = _given(first)
    head = _letter(paternal[0]) + _first_internal_vowel(paternal) + _letter(maternal[0]) + _letter(given[0])
    if head in CURP_INCONVENIENT:
        head = head[0] + "X" + head[2:]
    consonants = (
        _first_internal_consonant(paternal)
        + (_first_internal_consonant(maternal) if mother else "X")
        + _first_internal_consonant(given)
    )
    # Births before 2000 get a digit, later ones a letter.
    differentiator = str(homonym % 10) if birth.year < 2000 else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[homonym % 26]
    body = head + f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}" + sex + state + consonants + differentiator
    return body + curp_check_digit(body)


def _homoclave(rng: random.Random) -> str:
    chars = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
    return rng.choice(chars) + rng.choice(chars)


def rfc_person(first: str, father: str, mother: str | None, birth: datetime.date, rng: random.Random) -> str:
    """A 13-character RFC of a persona física with a valid check digit."""
    paternal = _words(father)[0].replace("Ñ", "X")
    maternal = _words(mother)[0].replace("Ñ", "X") if mother else "X"
    given = _given(first).replace("Ñ", "X")
    head = paternal[0] + _first_internal_vowel(paternal) + maternal[0] + given[0]
    if head in RFC_INCONVENIENT:
        head = head[:3] + "X"
    body = head + f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}" + _homoclave(rng)
    return body + rfc_check_digit(body)


def rfc_company(name: str, incorporated: datetime.date, rng: random.Random) -> str:
    """A 12-character RFC of a persona moral: initials of the name's first three words."""
    words = [w for w in _words(name) if w.isalpha()]
    if len(words) >= 3:
        letters = words[0][0] + words[1][0] + words[2][0]
    elif len(words) == 2:
        letters = words[0][0] + words[0][1] + words[1][0]
    else:
        letters = (words[0] + "XXX")[:3]
    body = letters + f"{incorporated.year % 100:02d}{incorporated.month:02d}{incorporated.day:02d}" + _homoclave(rng)
    return body + rfc_check_digit(body)


# Mexican banks: (CLABE bank code, name, SWIFT/BIC).
MX_BANKS: tuple[tuple[str, str, str], ...] = (
    ("012", "BBVA México", "BCMRMXMM"),
    ("072", "Banorte", "MENOMXMT"),
    ("014", "Santander México", "BMSXMXMM"),
    ("002", "Banamex", "BNMXMXMM"),
    ("021", "HSBC México", "BIMEMXMM"),
    ("044", "Scotiabank México", "MBCOMXMM"),
    ("036", "Inbursa", "INBUMXMM"),
    ("127", "Banco Azteca", "AZTKMXMM"),
    ("137", "BanCoppel", "BACOMXMM"),
)
US_BANKS: tuple[str, ...] = (
    "JPMorgan Chase Bank, N.A.", "Wells Fargo Bank, N.A.", "Bank of America, N.A.", "International Bank of Commerce",
    "Texas Community Bank", "Western Alliance Bank",
)  # fmt: skip


def clabe(bank_code: str, rng: random.Random) -> str:
    """An 18-digit CLABE with a valid check digit (weights 3, 7, 1)."""
    body = bank_code + f"{rng.randrange(1000):03d}" + f"{rng.randrange(10**11):011d}"
    total = sum((int(d) * (3, 7, 1)[i % 3]) % 10 for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def clabe_is_valid(value: str) -> bool:
    if len(value) != 18 or not value.isdigit():
        return False
    total = sum((int(d) * (3, 7, 1)[i % 3]) % 10 for i, d in enumerate(value[:17]))
    return str((10 - total % 10) % 10) == value[17]
