"""Person and company names, Spanish and English: folding, parsing, nicknames,
aliases, Spanish-aware phonetic keys and a similarity with explanations.

FtM property convention for Hispanic person names (FtM 4 has no *apellido
paterno/materno*):

| FtM property | holds | example (``María José de la Cruz Ramírez``) |
|---|---|---|
| ``name`` | the full name as written | María José de la Cruz Ramírez |
| ``firstName`` | all given names, compound ones kept together | María José |
| ``middleName`` | English names only: the names between first and last | |
| ``fatherName`` | apellido paterno, with its particles | de la Cruz |
| ``motherName`` | apellido materno | Ramírez |
| ``lastName`` | both surnames, as a generic FtM consumer expects | de la Cruz Ramírez |
| ``alias`` / ``weakAlias`` | ``alias``/``a.k.a.`` names / monikers (``El Chapo``) | |

``fatherName``/``motherName`` are FtM's patronymic/matronymic slots; we use them
for the paternal and maternal surnames, as OpenSanctions' crawlers do with
``patronymic``/``matronymic`` for Hispanic names.

Everything here is pure and fast (used per query by screening and per pair by
record linkage): folding and keys are memoised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from normality import ascii_text
from rapidfuzz.distance import OSA
from rigour.names.org_types import extract_org_types, remove_org_types, replace_org_types_compare

DATA = Path(__file__).parent / "data"

__all__ = [
    "PersonName", "TokenMatch", "NameMatch", "fold", "name_tokens", "phonetic_key", "nickname_groups",
    "canonical_given", "split_aliases", "is_moniker", "parse_person_name", "normalize_company",
    "legal_form", "is_company_name", "company_tokens", "token_similarity", "compare_tokens",
    "compare_names", "name_keys",
]


# ---------------------------------------------------------------- data files

@lru_cache(maxsize=1)
def _particles() -> dict[str, Any]:
    with (DATA / "particles.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return {
        "particles": frozenset(data["particles"]),
        "honorifics": frozenset(data["honorifics"]),
        "compound": frozenset(fold(x) for x in data["compound_given_second"]),
    }


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    """folded name → the canonical keys of every group it belongs to (its own included)."""
    with (DATA / "nicknames.yaml").open(encoding="utf-8") as fh:
        groups: dict[str, list[str]] = yaml.safe_load(fh)["groups"]
    index: dict[str, set[str]] = {}
    for key, variants in groups.items():
        canon = fold(key)
        for name in [key, *variants]:
            index.setdefault(fold(name), set()).add(canon)
    return {name: frozenset(keys) for name, keys in index.items()}


# ---------------------------------------------------------------- folding

_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_ARTICLES = frozenset({"el", "al"})  # "El Chapo", Arabic "al-": dropped when comparing


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII (accents and ñ folded), punctuation to spaces, single-spaced."""
    ascii_ = ascii_text(text or "") or ""
    return " ".join(_NON_WORD.sub(" ", ascii_.lower().replace("'", "").replace(".", " ")).split())


@lru_cache(maxsize=65536)
def _name_tokens(text: str, keep_particles: bool) -> tuple[str, ...]:
    conf = _particles()
    words = fold(text).split()
    drop = conf["honorifics"] if keep_particles else conf["honorifics"] | conf["particles"] | _ARTICLES
    kept = tuple(w for w in words if w not in drop)
    return kept or tuple(words)


def name_tokens(text: str, keep_particles: bool = False) -> list[str]:
    """Folded words of a name without honorifics (and, by default, without particles
    and articles: ``de la Cruz`` → ``cruz``, ``El Chapo`` → ``chapo``)."""
    return list(_name_tokens(text, keep_particles))


# ---------------------------------------------------------------- phonetics

_VOWELS = frozenset("aeiou")
_FRONT = frozenset("ei")


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """A sound key that respects Spanish spelling: b/v/w, s/z/soft c, ll/y/i, silent h,
    j/soft g/x, c/k/q; also English ph, th, sh. ``Gusmán`` = ``Guzman``,
    ``Hernández`` = ``Ernandes``, ``Xavier`` = ``Javier``, ``Yesenia`` = ``Llesenia``."""
    w = fold(word).replace(" ", "")
    out: list[str] = []
    i, n = 0, len(w)
    while i < n:
        c = w[i]
        nxt = w[i + 1] if i + 1 < n else ""
        after = w[i + 2] if i + 2 < n else ""
        if c in ("c", "s") and nxt == "h":
            out.append("C")
            i += 2
            continue
        if c == "p" and nxt == "h":
            out.append("f")
            i += 2
            continue
        if c == "t" and nxt == "h":
            out.append("t")
            i += 2
            continue
        if c == "l" and nxt == "l":
            out.append("i")
            i += 2
            continue
        if c == "q":
            out.append("k")
            i += 2 if nxt == "u" and after in _FRONT else 1
            continue
        if c == "g" and nxt == "u" and after in _FRONT:
            out.append("g")
            i += 2
            continue
        if c == "c":
            out.append("s" if nxt in _FRONT else "k")
        elif c == "g":
            out.append("j" if nxt in _FRONT else "g")
        elif c == "h":
            pass
        elif c in ("v", "w"):
            out.append("b")
        elif c == "z":
            out.append("s")
        elif c == "y":
            out.append("i")
        elif c == "x":
            out.append("j")
        elif c == "n" and nxt in ("b", "v", "p"):
            out.append("m")
        else:
            out.append(c)
        i += 1
    key: list[str] = []
    for ch in out:
        if not key or key[-1] != ch:
            key.append(ch)
    return "".join(key)


# ---------------------------------------------------------------- nicknames

def nickname_groups(token: str) -> frozenset[str]:
    """Canonical given names a (folded) name or nickname stands for: ``beto`` →
    {alberto, roberto, humberto, …}; empty when unknown."""
    return _nicknames().get(fold(token), frozenset())


def canonical_given(token: str) -> str:
    """One canonical form of a given name (``Pepe`` → ``jose``); the folded token when unknown
    or when it could stand for several names."""
    groups = nickname_groups(token)
    folded = fold(token)
    if folded in groups or len(groups) != 1:
        return folded
    return next(iter(groups))


# ---------------------------------------------------------------- aliases

_ALIAS_SPLIT = re.compile(
    r"\s*(?:,\s*)?(?:(?<!\w)(?:alias|a\.?\s?k\.?\s?a\.?|aka|apodo|conocido como|also known as"
    r"|f\.?k\.?a\.?|n\.?k\.?a\.?)(?!\w)|\(a\)|\ba/k/a\b)[\s:]*",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]+)[\"“”«»]")
_MONIKER = re.compile(r"^(el|la|los|las|the)\s+\S", re.IGNORECASE)


def split_aliases(text: str) -> tuple[str, list[str]]:
    """``Joaquín Guzmán Loera alias "El Chapo"`` → (``Joaquín Guzmán Loera``, [``El Chapo``]).
    Recognises alias, a.k.a., aka, apodo, conocido como, (a), and quoted nicknames."""
    aliases: list[str] = []
    text = text or ""
    for quoted in _QUOTED.findall(text):
        aliases.append(quoted.strip())
    text = _QUOTED.sub(" ", text)
    parts = [p.strip(" ,;()\"'.") for p in _ALIAS_SPLIT.split(text)]
    primary = parts[0] if parts else ""
    for part in parts[1:]:
        for piece in re.split(r"\s*[;/]\s*|\s+(?:o|or)\s+(?=(?:el|la)\b)", part, flags=re.IGNORECASE):
            if piece.strip(" ,;()\"'."):
                aliases.append(piece.strip(" ,;()\"'."))
    if not primary and aliases:
        primary = aliases.pop(0)
    seen: set[str] = set()
    unique = [a for a in aliases if not (fold(a) in seen or seen.add(fold(a)))]  # type: ignore[func-returns-value]
    return " ".join(primary.split()), unique


def is_moniker(name: str) -> bool:
    """A nickname such as ``El Chapo`` or ``La Tuta``: weak evidence (FtM ``weakAlias``)."""
    return bool(_MONIKER.match(name.strip())) or len(name_tokens(name)) == 1


# ---------------------------------------------------------------- person names

@dataclass
class PersonName:
    full: str
    given: list[str] = field(default_factory=list)
    middle: list[str] = field(default_factory=list)  # English middle names
    paternal: str | None = None
    maternal: str | None = None
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)

    @property
    def surnames(self) -> str:
        return " ".join(s for s in (self.paternal, self.maternal) if s)

    def properties(self) -> dict[str, list[str]]:
        """FtM Person properties following the module's convention."""
        props: dict[str, list[str]] = {"name": [self.full]}
        if self.given:
            props["firstName"] = [" ".join(self.given)]
        if self.middle:
            props["middleName"] = [" ".join(self.middle)]
        if self.surnames:
            props["lastName"] = [self.surnames]
        if self.maternal and self.paternal:
            props["fatherName"] = [self.paternal]
            props["motherName"] = [self.maternal]
        if self.aliases:
            props["alias"] = list(self.aliases)
        if self.weak_aliases:
            props["weakAlias"] = list(self.weak_aliases)
        return props


def _units(words: list[str]) -> list[str]:
    """Group words into name units: particles stick to the next word (``de la Cruz``),
    ``y`` joins two surnames (``Ortega y Gasset``)."""
    particles = _particles()["particles"]
    units: list[str] = []
    pending: list[str] = []
    join_next = False
    for word in words:
        low = fold(word)
        if low in particles and low not in ("y", "e"):
            pending.append(word)
            continue
        if low in ("y", "e") and units and not pending:
            units[-1] = f"{units[-1]} {word}"
            join_next = True
            continue
        unit = " ".join([*pending, word])
        pending = []
        if join_next and units:
            units[-1] = f"{units[-1]} {unit}"
            join_next = False
        else:
            units.append(unit)
    if pending:
        if units:
            units[-1] = " ".join([units[-1], *pending])
        else:
            units.append(" ".join(pending))
    return units


def _strip_honorifics(words: list[str]) -> list[str]:
    honorifics = _particles()["honorifics"]
    kept = [w for w in words if fold(w) not in honorifics]
    return kept or words


def parse_person_name(text: str, lang: str = "es", order: str = "auto") -> PersonName:
    """Split a person's name into given names and paternal/maternal surnames.

    ``order``: ``auto`` (``SURNAMES, Given`` when there is a comma, else given first),
    ``given_first`` or ``surname_first`` (``PATERNO MATERNO Nombres``, Mexican registries).
    ``lang="en"`` reads ``First Middle Last``. Aliases in the text are split off first.
    """
    primary, aliases = split_aliases(text)
    strong = [a for a in aliases if not is_moniker(a)]
    weak = [a for a in aliases if is_moniker(a)]
    result = PersonName(full=primary, aliases=strong, weak_aliases=weak)
    if order == "auto" and "," in primary:
        surname_part, _, given_part = primary.partition(",")
        surnames = _units(_strip_honorifics(surname_part.split()))
        result.given = _units(_strip_honorifics(given_part.split()))
        if surnames:
            result.paternal = surnames[0]
            result.maternal = " ".join(surnames[1:]) or None
        if lang == "en" and len(result.given) > 1:
            result.given, result.middle = result.given[:1], result.given[1:]
        return result
    units = _units(_strip_honorifics(primary.replace(",", " ").split()))
    if not units:
        return result
    if order == "surname_first":
        surnames, given = units[: min(2, len(units) - 1) or 1], units[min(2, len(units) - 1) or 1:]
        if len(units) == 2:
            surnames, given = units[:1], units[1:]
        result.paternal = surnames[0]
        result.maternal = surnames[1] if len(surnames) > 1 else None
        result.given = given
        return result
    if len(units) == 1:
        result.given = units
        return result
    if lang == "en":
        result.given, result.middle, result.paternal = units[:1], units[1:-1], units[-1]
        return result
    if len(units) == 2:
        result.given, result.paternal = units[:1], units[1]
    elif len(units) == 3:
        if fold(units[1]) in _particles()["compound"]:
            result.given, result.paternal = units[:2], units[2]
        else:
            result.given, result.paternal, result.maternal = units[:1], units[1], units[2]
    else:
        result.given, result.paternal, result.maternal = units[:-2], units[-2], units[-1]
    return result


# ---------------------------------------------------------------- companies

def normalize_company(name: str) -> str:
    """Folded company name with its legal form in one compact form:
    ``Grupo ABC, S. de R.L. de C.V.`` → ``grupo abc srlcv``; ``Acme, Inc.`` → ``acme inc``."""
    lowered = (ascii_text(name or "") or "").lower()
    return fold(replace_org_types_compare(lowered))


def legal_form(name: str) -> str | None:
    """The compact legal form of a company name (``sacv``, ``srlcv``, ``llc``, ``inc``), if any."""
    forms = extract_org_types(name)
    if forms:
        return forms[-1][1]
    forms = extract_org_types(fold(name))
    return forms[-1][1] if forms else None


def is_company_name(name: str) -> bool:
    return legal_form(name) is not None


def company_tokens(name: str) -> list[str]:
    """Folded words of a company name without its legal form (the distinctive part)."""
    return list(_company_tokens(name))


@lru_cache(maxsize=65536)
def _company_tokens(name: str) -> tuple[str, ...]:
    stripped = remove_org_types((ascii_text(name or "") or "").lower())
    return _name_tokens(stripped, False) if stripped.strip() else _name_tokens(name, False)


# ---------------------------------------------------------------- similarity

@dataclass(frozen=True)
class TokenMatch:
    query: str
    candidate: str
    score: float
    how: str  # exact | nickname | phonetic | fuzzy | initial


@dataclass(frozen=True)
class NameMatch:
    score: float
    query_coverage: float
    candidate_coverage: float
    matches: tuple[TokenMatch, ...]

    def explain(self) -> str:
        parts = [f"{m.query}~{m.candidate}({m.how} {m.score:.2f})" for m in self.matches]
        return "; ".join(parts) or "no token in common"


@lru_cache(maxsize=1 << 20)
def token_similarity(a: str, b: str) -> tuple[float, str]:
    """Similarity of two folded tokens in [0, 1] and how it was found (memoised: the same
    pairs of common names recur across queries)."""
    if a == b:
        return 1.0, "exact"
    if len(a) == 1 or len(b) == 1:
        return (0.6, "initial") if a[0] == b[0] else (0.0, "")
    nicknames = _nicknames()
    na, nb = nicknames.get(a), nicknames.get(b)
    if na and nb and not na.isdisjoint(nb):
        return 0.95, "nickname"
    if phonetic_key(a) == phonetic_key(b):
        return 0.92, "phonetic"
    shortest = min(len(a), len(b))
    if shortest >= 4:
        sim = OSA.normalized_similarity(a, b)
        if sim >= 0.74:
            return round(sim * 0.95, 4), "fuzzy"
        if shortest >= 5 and (a.startswith(b) or b.startswith(a)):
            return 0.7, "prefix"
    return 0.0, ""


def compare_tokens(query: list[str] | tuple[str, ...], candidate: list[str] | tuple[str, ...],
                   weights: Mapping[str, float] | None = None) -> NameMatch:
    """Order-free alignment of two token lists (greedy on best pairs). The score favours
    covering the query (a dropped second surname costs little) but still rewards covering
    the candidate: 0.6 × query coverage + 0.4 × candidate coverage, where coverage is the
    weighted share of tokens matched, times the match quality. `weights` (token → weight,
    e.g. from rarity: ``company`` or ``jose`` weigh less than ``guzman``) default to 1;
    an initial weighs 0.3."""
    w = _EMPTY if weights is None else weights
    if not query or not candidate:
        return NameMatch(0.0, 0.0, 0.0, ())
    pairs: list[tuple[float, int, int, str]] = []
    for i, q in enumerate(query):
        for j, c in enumerate(candidate):
            sim, how = token_similarity(q, c)
            if sim > 0:
                pairs.append((sim, i, j, how))
    if not pairs:
        return NameMatch(0.0, 0.0, 0.0, ())
    pairs.sort(key=lambda p: -p[0])
    used_q: set[int] = set()
    used_c: set[int] = set()
    matches: list[TokenMatch] = []
    q_sum = c_sum = 0.0
    for sim, i, j, how in pairs:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        matches.append(TokenMatch(query[i], candidate[j], sim, how))
        q_sum += sim * (0.3 if len(query[i]) == 1 else w.get(query[i], 1.0))
        c_sum += sim * (0.3 if len(candidate[j]) == 1 else w.get(candidate[j], 1.0))
    q_cov = min(1.0, q_sum / _total_weight(query, w))
    c_cov = min(1.0, c_sum / _total_weight(candidate, w))
    score = 0.6 * q_cov + 0.4 * c_cov
    if len(matches) == 1 and len(query) > 1:
        score *= 0.85  # one shared word is weak evidence for a multi-word name
    return NameMatch(round(score, 4), round(q_cov, 4), round(c_cov, 4), tuple(matches))


_EMPTY: Mapping[str, float] = {}


def _total_weight(tokens: list[str] | tuple[str, ...], weights: Mapping[str, float]) -> float:
    return sum(0.3 if len(t) == 1 else weights.get(t, 1.0) for t in tokens)


def compare_names(query: str, candidate: str, company: bool = False) -> NameMatch:
    """Similarity of two names as written (persons by default; ``company=True`` drops legal forms)."""
    tok = company_tokens if company else name_tokens
    return compare_tokens(tok(query), tok(candidate))


def name_keys(name: str, company: bool = False) -> set[str]:
    """Blocking keys of a name: each token, its phonetic key (``~``-prefixed) and the
    canonical given names it may stand for (``=``-prefixed)."""
    tokens = company_tokens(name) if company else name_tokens(name)
    keys: set[str] = set()
    for token in tokens:
        if len(token) < 2:
            continue
        keys.add(token)
        keys.add("~" + phonetic_key(token))
        for canon in nickname_groups(token):
            keys.add("=" + canon)
    return keys
