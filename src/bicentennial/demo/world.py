"""The real (fictional) people, companies, firearms and vehicles behind the feeds.

Every attribute of the i-th person (company, firearm, vehicle) is a pure
function of (seed, i): agencies that mention the same real person derive it
again instead of holding a table in memory, which keeps a million-record
generation streaming.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import zlib
from dataclasses import dataclass
from functools import lru_cache

from bicentennial.demo import ids, names, places

START = datetime.date(2019, 1, 1)
END = datetime.date(2023, 12, 31)
SPAN_DAYS = (END - START).days

_M64 = (1 << 64) - 1


def mix(*values: int) -> int:
    """A 64-bit hash of integers (splitmix64 steps): cheap, stable across runs."""
    h = 0x9E3779B97F4A7C15
    for v in values:
        h = ((h ^ (v & _M64)) * 0xBF58476D1CE4E5B9) & _M64
        h ^= h >> 31
        h = (h * 0x94D049BB133111EB) & _M64
        h ^= h >> 29
    return h


def text_int(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


class Weights:
    """A weighted choice among keys, with the cumulative weights computed once."""

    def __init__(self, table: dict[str, int]) -> None:
        self.keys = tuple(table)
        self.cumulative = list(itertools.accumulate(table.values()))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> str:
        return self.keys[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def weighted(rng: random.Random, weights: Weights) -> str:
    return weights.pick(rng)


US_STATE_WEIGHTS = Weights({k: v[1] for k, v in places.US_STATES.items()})
MX_HOTSPOT_WEIGHTS = Weights({k: v[0] for k, v in places.MX_HOTSPOTS.items()})


def day(offset: int) -> datetime.date:
    return START + datetime.timedelta(days=offset % (SPAN_DAYS + 1))


ORGANIZATIONS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    # Fictional organisations: (name, alias, INEGI states of operation, activities)
    ("Cártel del Pacífico Sur", "CPS", ("25", "26", "02"), "drug trafficking; arms trafficking; money laundering"),
    ("Organización Sierra Alta", "Los Serranos", ("14", "16", "11"), "drug trafficking; extortion"),
    ("Cártel del Golfo Norte", "CGN", ("28", "19"), "drug trafficking; human smuggling; fuel theft"),
    ("Los Halcones de la Frontera", "Los Halcones", ("08", "05"), "drug trafficking; arms trafficking"),
    ("Cártel Costa Grande", "CCG", ("12", "17"), "drug trafficking; kidnapping"),
    ("Red Altiplano", "La Red", ("32", "10", "15"), "money laundering; drug trafficking"),
    ("Los Coyotes del Desierto", "Los Coyotes", ("26", "02"), "human smuggling"),
    ("Cártel de Tierra Caliente", "CTC", ("16", "12"), "methamphetamine production; extortion"),
    ("Grupo Occidente", "GO", ("18", "14"), "drug trafficking"),
    ("Los Ejecutores", "LE", ("30", "21"), "drug trafficking; extortion"),
    ("Célula Bajío", "La Célula", ("11", "22"), "fuel theft; arms trafficking"),
    ("Organización Río Bravo", "ORB", ("28", "05", "19"), "human smuggling; money laundering"),
)


@dataclass(frozen=True, slots=True)
class Person:
    index: int
    key: str
    hispanic: bool
    nationality: str
    first: str
    middle: str | None  # U.S. middle name (non-Hispanic people)
    father: str  # paternal surname, or the last name
    mother: str | None  # maternal surname
    sex: str  # H or M (CURP letters)
    birth: datetime.date
    curp: str | None
    rfc: str | None
    passport: str | None
    alias: str | None
    phone: str | None
    city: str
    state: str  # USPS code or INEGI name
    core: bool

    @property
    def gender(self) -> str:
        return "female" if self.sex == "M" else "male"


@dataclass(frozen=True, slots=True)
class Company:
    index: int
    key: str
    jurisdiction: str
    base: str  # name without legal form
    legal_form: str  # canonical writing
    incorporated: datetime.date
    rfc: str | None
    registration: str
    controller: int  # person index
    org: int
    city: str
    state: str


@dataclass(frozen=True, slots=True)
class Firearm:
    index: int
    key: str
    make: str
    model: str
    calibre: str
    kind: str
    country: str
    serial: str
    dealer: int
    purchase: datetime.date
    recovery: datetime.date
    recovery_state: str  # INEGI code
    recovery_municipality: str


@dataclass(frozen=True, slots=True)
class Vehicle:
    index: int
    key: str
    model: str
    kind: str
    year: int
    plate: str
    country: str


@dataclass(frozen=True, slots=True)
class Dealer:
    index: int
    key: str
    name: str
    state: str
    city: str
    license: str


# (make, model, calibre, type, country of manufacture, serial pattern, weight)
FIREARMS: tuple[tuple[str, str, str, str, str, str, int], ...] = (
    ("Colt", "Government Super", ".38 Super", "pistol", "us", "99999SG", 9),
    ("Colt", "LE6920", "5.56×45mm NATO", "rifle", "us", "LE999999", 5),
    ("Romarm/Cugir", "WASR-10", "7.62×39mm", "rifle", "ro", "AA-9999-99", 12),
    ("Zastava Arms", "PAP M70", "7.62×39mm", "rifle", "rs", "M70PB999999", 6),
    ("Pioneer Arms", "Sporter", "7.62×39mm", "rifle", "pl", "PAC9999999", 3),
    ("Barrett", "M82A1", ".50 BMG", "rifle", "us", "AA999999", 1),
    ("FN Herstal", "Five-seveN", "5.7×28mm", "pistol", "be", "386999999", 4),
    ("Glock", "17", "9×19mm", "pistol", "at", "AAA999", 8),
    ("Glock", "19", "9×19mm", "pistol", "at", "AAA999", 7),
    ("Smith & Wesson", "M&P15", "5.56×45mm NATO", "rifle", "us", "AA99999", 6),
    ("Smith & Wesson", "SD9VE", "9×19mm", "pistol", "us", "AAA9999", 4),
    ("Smith & Wesson", "686", ".357 Magnum", "revolver", "us", "AAA9999", 2),
    ("Sturm, Ruger & Co.", "AR-556", "5.56×45mm NATO", "rifle", "us", "859-99999", 5),
    ("Sturm, Ruger & Co.", "Mini-14", ".223 Remington", "rifle", "us", "580-99999", 2),
    ("Taurus", "G2C", "9×19mm", "pistol", "br", "AAA999999", 4),
    ("Beretta", "92FS", "9×19mm", "pistol", "it", "BER999999", 3),
    ("Palmetto State Armory", "PA-15", "5.56×45mm NATO", "rifle", "us", "SCD999999", 4),
    ("Anderson Manufacturing", "AM-15", "5.56×45mm NATO", "rifle", "us", "99999999", 4),
    ("Springfield Armory", "XD-9", "9×19mm", "pistol", "us", "AT999999", 2),
    ("Remington", "870", "12 gauge", "shotgun", "us", "AB999999A", 2),
)

FIREARM_WEIGHTS = Weights({str(n): f[6] for n, f in enumerate(FIREARMS)})

VEHICLES: tuple[tuple[str, str], ...] = (
    ("Nissan Versa", "car"), ("Nissan Sentra", "car"), ("Honda Civic", "car"), ("Toyota Corolla", "car"),
    ("Ford F-150", "pickup truck"), ("Chevrolet Silverado", "pickup truck"), ("Ram 1500", "pickup truck"),
    ("Toyota Tacoma", "pickup truck"), ("Chevrolet Suburban", "SUV"), ("Jeep Grand Cherokee", "SUV"),
    ("Freightliner Cascadia", "tractor-trailer"), ("Kenworth T680", "tractor-trailer"),
    ("Volkswagen Jetta", "car"), ("Ford Transit", "van"),
)  # fmt: skip

COMPANY_ACTIVITIES: tuple[str, ...] = (
    "Comercializadora", "Transportes", "Importadora y Exportadora", "Servicios Integrales", "Constructora",
    "Agrícola", "Inmobiliaria", "Distribuidora", "Logística", "Consultoría Empresarial", "Agroindustrias",
    "Casa de Cambio", "Operadora Turística", "Grupo Comercial", "Abarrotera",
)  # fmt: skip
COMPANY_QUALIFIERS: tuple[str, ...] = (
    "del Pacífico", "del Norte", "Golfo", "Sierra Madre", "Los Altos", "Costa Azul", "Río Bravo", "Tres Ríos",
    "Alfa", "Omega", "Frontera", "Centauro", "Águila Real", "San Miguel", "La Esperanza", "Bajío", "Occidente",
    "Huasteca", "Cañón", "Monte Real", "Vallarta", "Cumbres", "Nogal", "Soles", "Mezquite",
)  # fmt: skip
US_COMPANY_WORDS: tuple[str, ...] = (
    "Border", "Lone Star", "Desert", "Rio Grande", "Southwest", "Gateway", "Frontier", "Mesa", "Sunbelt",
    "Pueblo", "Canyon", "Coyote",
)  # fmt: skip
US_COMPANY_NOUNS: tuple[str, ...] = (
    "Logistics", "Trading", "Freight", "Imports", "Auto Sales", "Holdings", "Produce", "Electronics",
)  # fmt: skip
MX_LEGAL_FORMS = ("S.A. de C.V.", "S.A. de C.V.", "S.A. de C.V.", "S. de R.L. de C.V.", "S.A.P.I. de C.V.")
DEALER_WORDS = ("Guns & Ammo", "Firearms", "Outfitters", "Gun Shop", "Pawn & Gun", "Sporting Goods", "Arms")


class World:
    """The population of the scenario for one seed and size."""

    def __init__(self, seed: int, total: int) -> None:
        self.seed = seed
        self.total = total
        self.n_persons = max(300, total * 12 // 100)
        self.n_core = max(30, min(3000, self.n_persons // 12))
        self.n_orgs = min(len(ORGANIZATIONS), 4 + total // 20000)
        self.n_companies = max(40, total * 15 // 1000)
        self.n_firearms = max(100, total * 9 // 100)
        self.n_vehicles = max(100, total * 4 // 100)
        self.n_dealers = max(12, total * 4 // 1000)
        self.n_extraditions = max(5, total // 2000)
        # Cached: the same real entity is mentioned by several feeds, close together.
        self.person = lru_cache(maxsize=20000)(self._person)
        self.company = lru_cache(maxsize=20000)(self._company)
        self.firearm = lru_cache(maxsize=4096)(self._firearm)
        self.dealer = lru_cache(maxsize=4096)(self._dealer)

    def rng(self, kind: str, index: int) -> random.Random:
        return random.Random(mix(self.seed, text_int(kind), index))

    # -- people ----------------------------------------------------------------------------------

    def org_of(self, person: int) -> int:
        return person % self.n_orgs

    def role_of(self, person: int) -> str:
        if person < self.n_orgs:
            return "leader"
        if person < 4 * self.n_orgs:
            return "lieutenant"
        if person % 7 == 0:
            return "financial operator"
        if person % 4 == 0:
            return "straw purchaser"
        return "member"

    def _person(self, i: int) -> Person:
        rng = self.rng("person", i)
        core = i < self.n_core
        # Leaders and lieutenants are Mexican; every fourth other person is a U.S. national.
        us = i % 4 == 0 and i >= 4 * self.n_orgs
        hispanic = not us or (i // 4) % 3 != 0
        female = rng.random() < (0.2 if core else 0.4)
        sex = "M" if female else "H"
        middle = None
        if hispanic:
            first = rng.choice(names.FEMALE_NAMES if female else names.MALE_NAMES)
            father = rng.choice(names.SURNAMES)
            mother: str | None = rng.choice(names.SURNAMES) if (not us or rng.random() < 0.5) else None
        else:
            first = rng.choice(names.US_FIRST_NAMES[20:] if female else names.US_FIRST_NAMES[:20])
            middle = rng.choice(names.US_FIRST_NAMES[20:] if female else names.US_FIRST_NAMES[:20])
            father = rng.choice(names.US_SURNAMES)
            mother = None
        birth = datetime.date(1958, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 44))
        # Mexican nationals, and a third of the Hispanic U.S. nationals, were born in Mexico.
        born_mx = not us or (hispanic and rng.random() < 0.33)
        state_code = rng.choice(list(places.MX_STATES))
        curp = rfc = passport = None
        if born_mx:
            curp = ids.curp(first, father, mother, birth, sex, places.MX_STATES[state_code][1], rng.randrange(10))
            if rng.random() < 0.7:
                rfc = ids.rfc_person(first, father, mother, birth, rng)
            if rng.random() < 0.5:
                passport = "G" + f"{rng.randrange(10**8):08d}"
        elif rng.random() < 0.4:
            passport = f"5{rng.randrange(10**8):08d}"
        alias = None
        if core and rng.random() < 0.75:
            alias = rng.choice(names.ALIASES_FEMALE if female else names.ALIASES_MALE)
        phone = self._phone(rng, us) if rng.random() < 0.6 else None
        if us:
            st = weighted(rng, US_STATE_WEIGHTS)
            city = rng.choice(places.US_CITIES[st])
        else:
            code = weighted(rng, MX_HOTSPOT_WEIGHTS)
            st = places.MX_STATES[code][0]
            city = rng.choice(places.MX_HOTSPOTS[code][1])
        return Person(i, f"P{i:07d}", hispanic, "us" if us else "mx", first, middle, father, mother, sex, birth,
                      curp, rfc, passport, alias, phone, city, st, core)

    @staticmethod
    def _phone(rng: random.Random, us: bool) -> str:
        if us:
            area = rng.choice(places.US_AREA_CODES)
            text = f"+1 {area} 555 01{rng.randrange(100):02d}"
        else:
            area = rng.choice(places.MX_AREA_CODES)
            rest = 10 - len(area)
            digits = f"{rng.randrange(2 * 10 ** (rest - 1), 10**rest):0{rest}d}"
            text = f"+52 {area} {digits[:-4]} {digits[-4:]}"
        return text  # valid for phonenumbers: real area codes, subscriber part not starting with 0/1

    def random_person(self, h: int, core_share: float, us_only: bool = False) -> int:
        """A person index from a hash: a core member with probability `core_share`."""
        if (h & 0xFFFF) / 65536 < core_share:
            i = (h >> 16) % self.n_core
        else:
            i = self.n_core + (h >> 16) % (self.n_persons - self.n_core)
        if us_only:
            i -= i % 4
        return i

    # -- companies -------------------------------------------------------------------------------

    def _company(self, j: int) -> Company:
        rng = self.rng("company", j)
        incorporated = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 13))
        controller = (j * 7 + 3) % self.n_core
        if j % 5 == 4:
            base = f"{rng.choice(US_COMPANY_WORDS)} {rng.choice(US_COMPANY_NOUNS)}"
            st = rng.choice(("TX", "AZ", "CA", "NM"))
            return Company(j, f"C{j:06d}", "us", base, "LLC", incorporated, None,
                           f"{rng.randrange(10**9, 10**10)}", controller, self.org_of(controller),
                           rng.choice(places.US_CITIES[st]), st)
        activity = rng.choice(COMPANY_ACTIVITIES)
        qualifier = rng.choice(COMPANY_QUALIFIERS)
        base = f"{activity} {qualifier}"
        if rng.random() < 0.3:
            base = f"{base} {rng.choice(('Hermanos', 'Internacional', 'Express', 'Premier', 'Mx'))}"
        code = weighted(rng, MX_HOTSPOT_WEIGHTS)
        rfc = ids.rfc_company(base, incorporated, rng)
        return Company(j, f"C{j:06d}", "mx", base, rng.choice(MX_LEGAL_FORMS), incorporated, rfc,
                       f"N-{incorporated.year}{rng.randrange(10**6):06d}", controller, self.org_of(controller),
                       rng.choice(places.MX_HOTSPOTS[code][1]), places.MX_STATES[code][0])

    # -- firearms, dealers, vehicles ---------------------------------------------------------------

    def _dealer(self, d: int) -> Dealer:
        rng = self.rng("dealer", d)
        st = weighted(rng, US_STATE_WEIGHTS)
        city = rng.choice(places.US_CITIES[st])
        owner = rng.choice(names.US_SURNAMES + names.SURNAMES[:10])
        name = (f"{names.strip_accents(owner)}'s {rng.choice(DEALER_WORDS)}" if rng.random() < 0.5
                else f"{city} {rng.choice(DEALER_WORDS)}")
        prefix = places.US_STATES[st][2]
        license_ = f"{prefix}-{rng.randrange(1, 500):03d}-{rng.choice(('01', '01', '01', '02'))}-" \
                   f"{rng.randrange(10)}{rng.choice('ABCDEFGHJK')}-{rng.randrange(10**5):05d}"
        return Dealer(d, f"D{d:05d}", name, st, city, license_)

    def _firearm(self, f: int) -> Firearm:
        rng = self.rng("firearm", f)
        make, model, calibre, kind, country, pattern, _w = FIREARMS[int(weighted(rng, FIREARM_WEIGHTS))]
        serial = "".join(
            rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") if ch == "A" else str(rng.randrange(10)) if ch == "9" else ch
            for ch in pattern
        )
        dealer = (f * 31 + rng.randrange(5)) % self.n_dealers
        # Straw purchases cluster at some dealers; time to crime: months to years.
        recovery = day(rng.randrange(SPAN_DAYS + 1))
        ttc = max(3, int(rng.lognormvariate(6.0, 0.9)))
        purchase = recovery - datetime.timedelta(days=ttc)
        code = weighted(rng, MX_HOTSPOT_WEIGHTS)
        return Firearm(f, f"F{f:07d}", make, model, calibre, kind, country, serial, dealer, purchase, recovery,
                       code, rng.choice(places.MX_HOTSPOTS[code][1]))

    def vehicle(self, v: int) -> Vehicle:
        rng = self.rng("vehicle", v)
        model, kind = rng.choice(VEHICLES)
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        if v % 3 == 0:
            plate = f"{rng.randrange(10)}{''.join(rng.choices(letters, k=3))}{rng.randrange(1000):03d}"
            country = "us"
        else:
            plate = f"{''.join(rng.choices(letters, k=3))}-{rng.randrange(1000):03d}-{rng.choice(letters)}"
            country = "mx"
        return Vehicle(v, f"V{v:06d}", model, kind, rng.randrange(2005, 2022), plate, country)

    # -- extraditions ------------------------------------------------------------------------------

    def extradition_subject(self, k: int) -> int:
        """The person sought in case k: leaders and lieutenants first."""
        return k % self.n_core

    def extradition_direction(self, k: int) -> tuple[str, str]:
        """(requesting, requested) country of case k."""
        return ("mx", "us") if k % 5 == 4 else ("us", "mx")

    def extradition_stages(self, k: int) -> list[tuple[str, datetime.date]]:
        rng = self.rng("extradition", k)
        flow = ["request", "provisional_arrest", "formal_request", "detention", "hearing"]
        ending = rng.random()
        if ending < 0.45:
            flow += ["approval", "surrender", "closed"]
        elif ending < 0.6:
            flow += ["approval", "appeal", "surrender"]
        elif ending < 0.7:
            flow += ["denial", "closed"]
        elif ending < 0.75:
            flow = ["request", "withdrawal", "closed"]
        else:
            flow = flow[: rng.randrange(1, len(flow) + 1)]  # still open
        date = day(rng.randrange(SPAN_DAYS // 2))
        out = []
        for stage in flow:
            out.append((stage, date))
            date = min(END, date + datetime.timedelta(days=rng.randrange(7, 200)))
        return out
