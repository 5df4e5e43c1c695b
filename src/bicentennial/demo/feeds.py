"""The agencies' feed files: what each agency shares, at which sharing level, row by row.

Each feed is a generator of rows (dicts keyed by FtM property names, plus
`id`, the row's identifier at its source). Entity-typed columns hold the `id`
of a row of the same agency, built with `sid()` from the referenced row's
position, so references never need a lookup table.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bicentennial.demo import ids, places, render
from bicentennial.demo.world import (
    MX_HOTSPOT_WEIGHTS,
    ORGANIZATIONS,
    SPAN_DAYS,
    Weights,
    World,
    day,
    mix,
    text_int,
    weighted,
)

Row = dict[str, str]


def sid(agency: str, code: str, k: int) -> str:
    """The source id of row k of an agency's feed of kind `code` (unique within the agency)."""
    return f"{agency}-{code}{k:07d}"


@dataclass(frozen=True)
class FeedSpec:
    agency: str
    schema: str
    sharing: str
    columns: tuple[str, ...]
    rows: Callable[[Scenario], int]  # planned number of rows; 0 for feeds derived from others
    make: Callable[[Scenario, random.Random], Iterator[Row]]
    description: str

    @property
    def filename(self) -> str:
        return f"{self.agency.lower()}_{self.schema.lower()}.csv"


class GroundTruth:
    """Collects which source rows mention the same real person, company, firearm or vehicle."""

    def __init__(self, write: Callable[[list[str]], object]) -> None:
        self._write = write

    def add(self, kind: str, key: str, agency: str, schema: str, source_id: str) -> None:
        self._write([kind, key, agency, schema, source_id])


class Scenario:
    """Row counts and shared helpers for one generation."""

    def __init__(self, world: World, truth: GroundTruth) -> None:
        self.world = world
        self.truth = truth
        self.total = world.total

    def n(self, share: float, minimum: int) -> int:
        return max(minimum, round(self.total * share))

    def h(self, agency: str, schema: str, k: int) -> int:
        return mix(self.world.seed, text_int(agency + "/" + schema), k)

    # Planned row counts of the feeds that others reference.
    def cbp_persons(self) -> int:
        return self.n(0.06, 20)

    def cbp_vehicles(self) -> int:
        return self.n(0.04, 10)

    def hsi_persons(self) -> int:
        return self.n(0.02, 10)

    def hsi_vehicles(self) -> int:
        return self.n(0.01, 5)

    def gn_persons(self) -> int:
        return self.n(0.01, 10)

    def atf_persons(self) -> int:
        return self.n(0.04, 20)

    def fgr_persons(self) -> int:
        return self.world.n_extraditions + self.world.n_core + self.n(0.04, 20)

    def fgr_firearms(self) -> int:
        return self.world.n_firearms // 2

    def uif_persons(self) -> int:
        return self.world.n_companies + self.n(0.02, 10)

    def uif_accounts(self) -> int:
        return self.world.n_companies + self.n(0.01, 5)

    def fincen_companies(self) -> int:
        return (self.world.n_companies + 1) // 2

    def fincen_persons(self) -> int:
        return self.n(0.02, 15)

    def fgr_person_index(self, k: int) -> int:
        w = self.world
        if k < w.n_extraditions:
            return w.extradition_subject(k)
        if k < w.n_extraditions + w.n_core:
            return k - w.n_extraditions
        return w.random_person(self.h("FGR", "Person", k), 0.35)

    def uif_person_index(self, k: int) -> int:
        w = self.world
        if k < w.n_companies:
            return w.company(k).controller
        return w.random_person(self.h("UIF", "Person", k), 0.4)


# -- people -----------------------------------------------------------------------------------------


def _persons(agency: str, count: Callable[[Scenario], int], index: Callable[[Scenario, int], int]
             ) -> Callable[[Scenario, random.Random], Iterator[Row]]:
    style = render.STYLES[agency]

    def make(sc: Scenario, rng: random.Random) -> Iterator[Row]:
        for k in range(count(sc)):
            person = sc.world.person(index(sc, k))
            source_id = sid(agency, "P", k)
            sc.truth.add("person", person.key, agency, "Person", source_id)
            row = render.person_row(style, person, source_id, rng)
            if agency == "UIF" and "birthDate" in row and rng.random() < 0.6:
                b = datetime.date.fromisoformat(row["birthDate"])
                row["birthDate"] = f"{b.day:02d}/{b.month:02d}/{b.year}"
            yield row

    return make


def _random_persons(agency: str, core_share: float, us_only: bool = False) -> Callable[[Scenario, int], int]:
    def index(sc: Scenario, k: int) -> int:
        return sc.world.random_person(sc.h(agency, "Person", k), core_share, us_only)

    return index


# -- vehicles ---------------------------------------------------------------------------------------


def _vehicles(agency: str, count: Callable[[Scenario], int]) -> Callable[[Scenario, random.Random], Iterator[Row]]:
    def make(sc: Scenario, rng: random.Random) -> Iterator[Row]:
        for k in range(count(sc)):
            v = sc.world.vehicle(sc.h(agency, "Vehicle", k) % sc.world.n_vehicles)
            source_id = sid(agency, "V", k)
            sc.truth.add("vehicle", v.key, agency, "Vehicle", source_id)
            plate = v.plate if rng.random() < 0.8 else v.plate.replace("-", "")
            yield {"id": source_id, "name": f"{v.year} {v.model}", "model": v.model, "type": v.kind,
                   "registrationNumber": plate, "country": v.country, "buildDate": str(v.year)}

    return make


# -- seizures ---------------------------------------------------------------------------------------

US_DRUGS = Weights({"Methamphetamine": 30, "Marijuana": 18, "Cocaine": 14, "Fentanyl": 22, "Heroin": 8,
                    "Fentanyl pills": 8})
MX_DRUGS = Weights({"metanfetamina": 30, "marihuana": 25, "cocaína": 15, "fentanilo": 18, "heroína": 7,
                    "goma de opio": 5})
MEDIAN_KG = {"Methamphetamine": 15.0, "Marijuana": 30.0, "Cocaine": 8.0, "Fentanyl": 3.0, "Heroin": 2.0,
             "metanfetamina": 25.0, "marihuana": 80.0, "cocaína": 20.0, "fentanilo": 4.0, "heroína": 3.0,
             "goma de opio": 6.0}  # fmt: skip
CBP_CATEGORIES = Weights({"drugs": 80, "cash": 7, "firearms": 4, "ammunition": 5, "counterfeit": 4})
FGR_CATEGORIES = Weights({"drugs": 55, "firearms": 20, "cash": 8, "ammunition": 9, "precursors": 8})
ANAM_CATEGORIES = Weights({"precursors": 35, "drugs": 25, "counterfeit": 20, "firearms": 10, "ammunition": 10})
TRACE_REQUESTERS = Weights({"FGR": 50, "SEDENA": 30, "GN": 20})
UIF_REPORTS = Weights({"ROI": 50, "ROR": 35, "ROIP": 15})
FINCEN_REPORTS = Weights({"SAR": 60, "CTR": 25, "CMIR": 15})
PRECURSORS = ("metilamina", "fenilacetato de etilo", "ácido fenilacético", "4-ANPP", "N-fenetil-4-piperidona")


def _quantity(rng: random.Random, median: float) -> str:
    return f"{rng.lognormvariate(0, 1.0) * median:.2f}"


def cbp_seizures(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    ports = Weights({p.code: p.weight for p in places.PORTS})
    by_code = {p.code: p for p in places.PORTS}
    n_persons, n_vehicles = sc.cbp_persons(), sc.cbp_vehicles()
    for k in range(sc.n(0.12, 40)):
        port = by_code[weighted(rng, ports)]
        date = day(rng.randrange(SPAN_DAYS + 1))
        fiscal_year = date.year + (1 if date.month >= 10 else 0)
        category = weighted(rng, CBP_CATEGORIES)
        row: Row = {"id": f"{fiscal_year}{port.code}{k:07d}", "date": date.isoformat(), "category": category,
                    "state": port.state, "municipality": port.city, "country": "us", "portOfEntry": port.name,
                    "address": f"{port.name} Port of Entry, {port.city}, {port.state}", "seizingAgency": "CBP"}
        direction = "northbound"
        if category == "drugs":
            drug = weighted(rng, US_DRUGS)
            if drug == "Fentanyl pills":
                row.update(drugType="Fentanyl", quantity=str(int(rng.lognormvariate(9, 1.2)) + 100), unit="pills")
            else:
                row.update(drugType=drug, quantity=f"{float(_quantity(rng, MEDIAN_KG[drug])) * 2.20462:.2f}",
                           unit="lb")
        elif category == "cash":
            direction = "southbound"
            row.update(quantity=f"{int(rng.lognormvariate(10.5, 1.0)) + 10000}", unit="usd")
        elif category == "firearms":
            direction = "southbound"
            row.update(quantity=str(rng.randrange(1, 25)), unit="units")
        elif category == "ammunition":
            direction = "southbound"
            row.update(quantity=str(rng.randrange(50, 20000)), unit="rounds")
        else:
            row.update(quantity=str(rng.randrange(10, 5000)), unit="units")
        row["description"] = f"{port.field_office}, {direction} ({port.mx_city})"
        if rng.random() < 0.7:
            row["involved"] = sid("CBP", "P", rng.randrange(n_persons))
        if rng.random() < 0.6:
            row["vehicle"] = sid("CBP", "V", rng.randrange(n_vehicles))
        yield row


MX_SEIZING = Weights({"FGR": 30, "SEDENA": 30, "SEMAR": 15, "GN": 25})


def fgr_seizures(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    n_persons, n_firearms = sc.fgr_persons(), sc.fgr_firearms()
    firearm_counter = 0
    for k in range(sc.n(0.08, 30)):
        category = weighted(rng, FGR_CATEGORIES)
        code = weighted(rng, MX_HOTSPOT_WEIGHTS)
        municipality = rng.choice(places.MX_HOTSPOTS[code][1])
        date = day(rng.randrange(SPAN_DAYS + 1))
        row: Row = {"category": category}
        if category == "firearms":
            f = firearm_counter % n_firearms
            firearm_counter += 1
            gun = sc.world.firearm(2 * f)
            code, municipality, date = gun.recovery_state, gun.recovery_municipality, gun.recovery
            row.update(firearm=sid("FGR", "F", f), quantity="1", unit="piezas")
        elif category == "drugs":
            drug = weighted(rng, MX_DRUGS)
            row.update(drugType=drug, quantity=_quantity(rng, MEDIAN_KG[drug]), unit="kg")
        elif category == "cash":
            row.update(quantity=f"{int(rng.lognormvariate(12, 1.2)) + 50000}", unit=rng.choice(("mxn", "usd")))
        elif category == "ammunition":
            row.update(quantity=str(rng.randrange(20, 10000)), unit="cartuchos")
        else:
            row.update(drugType=rng.choice(PRECURSORS), quantity=_quantity(rng, 200.0),
                       unit=rng.choice(("kg", "l")))
        state = places.MX_STATES[code][0]
        row.update(id=f"FGR/{date.year}/{k:07d}",
                   date=date.isoformat() if rng.random() < 0.5 else f"{date.day:02d}/{date.month:02d}/{date.year}",
                   state=state, municipality=municipality, country="mx",
                   address=f"{municipality}, {state}, México", seizingAgency=weighted(rng, MX_SEIZING))
        if rng.random() < 0.5:
            row["involved"] = sid("FGR", "P", rng.randrange(n_persons))
        yield row


def anam_seizures(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    for k in range(sc.n(0.04, 15)):
        office, code = rng.choice(places.MX_CUSTOMS)
        date = day(rng.randrange(SPAN_DAYS + 1))
        category = weighted(rng, ANAM_CATEGORIES)
        row: Row = {"id": f"ANAM-{office.split()[-1][:3].upper()}-{date.year}-{k:07d}", "category": category,
                    "date": date.isoformat(), "state": places.MX_STATES[code][0], "country": "mx",
                    "portOfEntry": office, "seizingAgency": "ANAM"}
        if category == "precursors":
            row.update(drugType=rng.choice(PRECURSORS), quantity=_quantity(rng, 500.0),
                       unit=rng.choice(("kg", "l", "t")))
        elif category == "drugs":
            drug = weighted(rng, MX_DRUGS)
            row.update(drugType=drug, quantity=_quantity(rng, MEDIAN_KG[drug]), unit="kg")
        elif category == "counterfeit":
            row.update(description="mercancía apócrifa", quantity=str(rng.randrange(50, 50000)), unit="piezas")
        elif category == "firearms":
            row.update(quantity=str(rng.randrange(1, 40)), unit="piezas")
        else:
            row.update(quantity=str(rng.randrange(100, 50000)), unit="cartuchos")
        yield row


# -- firearms -----------------------------------------------------------------------------------------

MX_FIREARM_TYPES = {"pistol": "pistola", "rifle": "fusil", "revolver": "revólver", "shotgun": "escopeta"}


def atf_dealers(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    for d in range(sc.world.n_dealers):
        dealer = sc.world.dealer(d)
        yield {"id": sid("ATF", "D", d), "name": dealer.name, "jurisdiction": "us", "country": "us",
               "licenseNumber": dealer.license, "address": f"{dealer.city}, {dealer.state}"}


def atf_firearms(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    for f in range(sc.world.n_firearms):
        gun = sc.world.firearm(f)
        source_id = sid("ATF", "F", f)
        sc.truth.add("firearm", gun.key, "ATF", "Firearm", source_id)
        yield {"id": source_id, "serialNumber": gun.serial, "make": gun.make, "model": gun.model,
               "calibre": gun.calibre, "type": gun.kind, "manufacturerCountry": gun.country}


def atf_traces(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    n_persons = sc.atf_persons()
    straw = max(1, n_persons // 10)
    for f in range(sc.world.n_firearms):
        gun = sc.world.firearm(f)
        dealer = sc.world.dealer(gun.dealer)
        requested = gun.recovery + datetime.timedelta(days=rng.randrange(3, 90))
        # A few straw purchasers account for a large share of traced guns.
        buyer = rng.randrange(straw) if rng.random() < 0.4 else rng.randrange(n_persons)
        state = places.MX_STATES[gun.recovery_state][0]
        row = {"id": sid("ATF", "T", f), "traceNumber": f"T{requested.year}{f:08d}", "firearm": sid("ATF", "F", f),
               "traceRequestDate": requested.isoformat(), "purchaseDate": gun.purchase.isoformat(),
               "dealerName": dealer.name, "dealerLicense": dealer.license, "dealerState": dealer.state,
               "dealer": sid("ATF", "D", gun.dealer), "recoveryDate": gun.recovery.isoformat(),
               "recoveryPlace": f"{gun.recovery_municipality}, {state}, México", "recoveryState": state,
               "recoveryCountry": "mx", "timeToCrime": str((gun.recovery - gun.purchase).days),
               "requestingAgency": weighted(rng, TRACE_REQUESTERS)}
        if rng.random() < 0.85:
            row["purchaser"] = sid("ATF", "P", buyer)
        yield row


def fgr_firearms(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    for f in range(sc.fgr_firearms()):
        gun = sc.world.firearm(2 * f)
        source_id = sid("FGR", "F", f)
        sc.truth.add("firearm", gun.key, "FGR", "Firearm", source_id)
        serial = gun.serial
        if rng.random() < 0.15:
            serial = serial.replace("-", "")
        if rng.random() < 0.05:
            serial = serial.lower()
        calibre = gun.calibre.replace("×", "x")
        if rng.random() < 0.4:
            calibre = calibre.replace("mm", "").replace(".38 Super", "38 SUPER").upper()
        yield {"id": source_id, "serialNumber": serial, "make": gun.make.upper() if rng.random() < 0.5 else gun.make,
               "model": gun.model, "calibre": calibre, "type": MX_FIREARM_TYPES[gun.kind],
               "manufacturerCountry": gun.country}


# -- organised crime, extraditions --------------------------------------------------------------------

ROLES_ES = {"leader": "líder", "lieutenant": "lugarteniente", "financial operator": "operador financiero",
            "straw purchaser": "comprador de armas", "member": "integrante"}
STAGES_ES = {"request": "solicitud", "provisional_arrest": "detención provisional",
             "formal_request": "petición formal", "detention": "detención", "hearing": "audiencia",
             "approval": "concedida", "denial": "negada", "appeal": "amparo", "surrender": "entregado",
             "withdrawal": "desistimiento", "closed": "concluido"}
CHARGES_EN = ("Conspiracy to distribute fentanyl", "Conspiracy to import cocaine", "Money laundering conspiracy",
              "Continuing criminal enterprise", "Firearms trafficking", "Conspiracy to distribute methamphetamine")
CHARGES_ES = ("Delincuencia organizada", "Contra la salud", "Operaciones con recursos de procedencia ilícita",
              "Homicidio calificado", "Secuestro", "Acopio de armas")


def fgr_organizations(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    for o in range(sc.world.n_orgs):
        name, alias, states, activity = ORGANIZATIONS[o]
        yield {"id": sid("FGR", "O", o), "name": name, "alias": alias,
               "areaOfOperation": ", ".join(places.MX_STATES[s][0] for s in states),
               "operatingCountry": "mx", "activity": activity}


def fgr_memberships(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    for k in range(sc.fgr_persons()):
        i = sc.fgr_person_index(k)
        if i >= sc.world.n_core:
            continue
        yield {"id": sid("FGR", "M", k), "member": sid("FGR", "P", k),
               "organization": sid("FGR", "O", sc.world.org_of(i)), "role": ROLES_ES[sc.world.role_of(i)]}


def _cases(agency: str) -> Callable[[Scenario, random.Random], Iterator[Row]]:
    def make(sc: Scenario, rng: random.Random) -> Iterator[Row]:
        for k in range(sc.world.n_extraditions):
            stages = sc.world.extradition_stages(k)
            requesting, requested = sc.world.extradition_direction(k)
            start = stages[0][1]
            if agency == "DOJ":
                number = f"OIA-{start.year}-{k:05d}"
                charges = "; ".join(rng.sample(CHARGES_EN, 2))
                status = stages[-1][0]
            else:
                number = f"EXT/{start.year}/{k:05d}"
                charges = "; ".join(rng.sample(CHARGES_ES, 2))
                status = STAGES_ES[stages[-1][0]]
            yield {"id": sid(agency, "X", k), "caseNumber": number, "person": sid(agency, "P", k),
                   "requestingCountry": requesting, "requestedCountry": requested, "charges": charges,
                   "status": status, "startDate": start.isoformat()}

    return make


def _milestones(agency: str) -> Callable[[Scenario, random.Random], Iterator[Row]]:
    def make(sc: Scenario, rng: random.Random) -> Iterator[Row]:
        for k in range(sc.world.n_extraditions):
            for s, (stage, date) in enumerate(sc.world.extradition_stages(k)):
                yield {"id": f"{sid(agency, 'X', k)}-{s + 1:02d}", "case": sid(agency, "X", k),
                       "stage": stage if agency == "DOJ" else STAGES_ES[stage], "date": date.isoformat()}

    return make


# -- smuggling -----------------------------------------------------------------------------------------


def _smuggling(agency: str, country: str, count: Callable[[Scenario], int], n_persons: Callable[[Scenario], int],
               n_vehicles: Callable[[Scenario], int] | None) -> Callable[[Scenario, random.Random], Iterator[Row]]:
    routes = [r for r in places.SMUGGLING_ROUTES if r[3] == country]

    def make(sc: Scenario, rng: random.Random) -> Iterator[Row]:
        persons = n_persons(sc)
        vehicles = n_vehicles(sc) if n_vehicles else 0
        for k in range(count(sc)):
            route, place, state, ctry = rng.choice(routes)
            row = {"id": sid(agency, "H", k), "date": day(rng.randrange(SPAN_DAYS + 1)).isoformat(),
                   "place": f"{place}, {state}", "state": state, "country": ctry, "route": route,
                   "personsSmuggled": str(max(1, int(rng.lognormvariate(2.0, 0.9)))), "reportingAgency": agency}
            if rng.random() < 0.8:
                row["facilitator"] = sid(agency, "P", rng.randrange(persons))
            if vehicles and rng.random() < 0.7:
                row["vehicle"] = sid(agency, "V", rng.randrange(vehicles))
            yield row

    return make


# -- finance -----------------------------------------------------------------------------------------

PURPOSES_ES = ("Pago de factura", "Servicios de consultoría", "Anticipo a proveedor", "Compra de mercancía",
               "Préstamo entre empresas", "Arrendamiento de maquinaria", "Flete y transporte", "Comisión por venta")
TYPOLOGIES_ES = ("fraccionamiento de depósitos", "empresas fachada", "triangulación de recursos",
                 "operaciones en efectivo", "transferencias internacionales", "facturación apócrifa")
TYPOLOGIES_EN = ("structuring", "funnel account", "trade-based money laundering", "bulk cash smuggling",
                 "shell company activity", "rapid movement of funds")


def uif_companies(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    for b, (code, name, bic) in enumerate(ids.MX_BANKS):
        yield {"id": sid("UIF", "C", b), "name": name.upper(), "jurisdiction": "mx", "swiftBic": bic,
               "registrationNumber": f"ABM-{code}"}
    for j in range(sc.world.n_companies):
        company = sc.world.company(j)
        source_id = sid("UIF", "C", len(ids.MX_BANKS) + j)
        sc.truth.add("company", company.key, "UIF", "Company", source_id)
        yield render.company_row(company, source_id, rng, upper=True, plain=0.2)


def fincen_companies(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    for b, name in enumerate(ids.US_BANKS):
        yield {"id": sid("FINCEN", "C", b), "name": name, "jurisdiction": "us"}
    for k in range(sc.fincen_companies()):
        company = sc.world.company(2 * k)
        source_id = sid("FINCEN", "C", len(ids.US_BANKS) + k)
        sc.truth.add("company", company.key, "FINCEN", "Company", source_id)
        row = render.company_row(company, source_id, rng, upper=rng.random() < 0.7, plain=1.0)
        row.pop("registrationNumber" if company.jurisdiction == "mx" else "rfc", None)
        yield row


def uif_accounts(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    for a in range(sc.uif_accounts()):
        code, bank, _bic = ids.MX_BANKS[mix(sc.world.seed, a) % len(ids.MX_BANKS)]
        opened = sc.world.company(a % sc.world.n_companies).incorporated + datetime.timedelta(
            days=rng.randrange(30, 900))
        yield {"id": sid("UIF", "A", a), "accountNumber": ids.clabe(code, rng), "bankName": bank,
               "currency": "USD" if rng.random() < 0.1 else "MXN", "country": "mx",
               "openingDate": opened.isoformat()}


def uif_ownerships(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    n_companies, banks = sc.world.n_companies, len(ids.MX_BANKS)
    for j in range(n_companies):
        yield {"id": sid("UIF", "W", j), "owner": sid("UIF", "P", j), "asset": sid("UIF", "C", banks + j),
               "percentage": str(rng.choice((51, 60, 75, 90, 99, 100))),
               "role": rng.choice(("accionista mayoritario", "socio", "administrador único"))}
    for a in range(sc.uif_accounts()):
        yield {"id": sid("UIF", "W", n_companies + a), "owner": sid("UIF", "C", banks + a % n_companies),
               "asset": sid("UIF", "A", a), "role": "titular"}


def _same_org_company(sc: Scenario, rng: random.Random, j: int) -> int:
    w = sc.world
    org = w.company(j).org
    for _ in range(4 * w.n_orgs):
        other = rng.randrange(w.n_companies)
        if other != j and w.company(other).org == org:
            return other
    return (j + 1) % w.n_companies


def uif_payments(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    n_companies, banks = sc.world.n_companies, len(ids.MX_BANKS)
    for k in range(sc.n(0.12, 100)):
        payer = rng.randrange(n_companies)
        payee = _same_org_company(sc, rng, payer) if rng.random() < 0.7 else rng.randrange(n_companies)
        date = day(rng.randrange(SPAN_DAYS + 1))
        usd = sc.world.company(payee).jurisdiction == "us" or rng.random() < 0.05
        # Amounts kept just under reporting thresholds are a structuring signal.
        amount = rng.uniform(7000, 9990) if usd else rng.choice(
            (rng.uniform(20000, 2000000), rng.uniform(140000, 149900)))
        yield {"id": sid("UIF", "Y", k), "payer": sid("UIF", "C", banks + payer),
               "beneficiary": sid("UIF", "C", banks + payee), "payerAccount": sid("UIF", "A", payer),
               "beneficiaryAccount": sid("UIF", "A", payee), "amount": f"{amount:.2f}",
               "currency": "USD" if usd else "MXN",
               "date": date.isoformat() if rng.random() < 0.5 else f"{date.day:02d}/{date.month:02d}/{date.year}",
               "purpose": rng.choice(PURPOSES_ES),
               "transactionNumber": f"SPEI{date:%Y%m%d}{k:09d}"}


def uif_reports(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    n_companies, banks, persons = sc.world.n_companies, len(ids.MX_BANKS), sc.uif_persons()
    for k in range(sc.n(0.03, 20)):
        kind = weighted(rng, UIF_REPORTS)
        date = day(rng.randrange(SPAN_DAYS + 1))
        row = {"id": sid("UIF", "R", k), "reportNumber": f"{kind}-{date.year}-{k:07d}", "reportType": kind,
               "reportingInstitution": sid("UIF", "C", rng.randrange(banks)), "date": date.isoformat(),
               "amount": f"{rng.uniform(50000, 5000000):.2f}", "currency": "MXN",
               "typology": rng.choice(TYPOLOGIES_ES)}
        if rng.random() < 0.7:
            j = rng.randrange(n_companies)
            row.update(subject=sid("UIF", "C", banks + j), account=sid("UIF", "A", j))
        else:
            row["subject"] = sid("UIF", "P", rng.randrange(persons))
        yield row


def fincen_reports(sc: Scenario, rng: random.Random) -> Iterator[Row]:
    banks, companies, persons = len(ids.US_BANKS), sc.fincen_companies(), sc.fincen_persons()
    for k in range(sc.n(0.03, 15)):
        kind = weighted(rng, FINCEN_REPORTS)
        date = day(rng.randrange(SPAN_DAYS + 1))
        amount = rng.uniform(10001, 30000) if kind == "CTR" else rng.uniform(5000, 900000)
        subject = (sid("FINCEN", "C", banks + rng.randrange(companies)) if rng.random() < 0.6
                   else sid("FINCEN", "P", rng.randrange(persons)))
        yield {"id": sid("FINCEN", "R", k), "reportNumber": f"{kind}{date:%Y%m%d}{k:07d}", "reportType": kind,
               "reportingInstitution": sid("FINCEN", "C", rng.randrange(banks)), "subject": subject,
               "date": date.isoformat(), "amount": f"{amount:.2f}", "currency": "USD",
               "typology": rng.choice(TYPOLOGIES_EN)}


# -- the feeds ---------------------------------------------------------------------------------------

P_COLS = render.STYLES
SEIZURE_COLS = ("id", "date", "category", "drugType", "quantity", "unit", "state", "municipality", "country",
                "portOfEntry", "address", "seizingAgency", "description", "involved", "vehicle", "firearm")
VEHICLE_COLS = ("id", "name", "model", "type", "registrationNumber", "country", "buildDate")
COMPANY_COLS = ("id", "name", "jurisdiction", "registrationNumber", "rfc", "incorporationDate", "address",
                "swiftBic")
SMUGGLING_COLS = ("id", "date", "place", "state", "country", "route", "personsSmuggled", "facilitator", "vehicle",
                  "reportingAgency")
CASE_COLS = ("id", "caseNumber", "person", "requestingCountry", "requestedCountry", "charges", "status",
             "startDate")
MILESTONE_COLS = ("id", "case", "stage", "date")
FIREARM_COLS = ("id", "serialNumber", "make", "model", "calibre", "type", "manufacturerCountry")
REPORT_COLS = ("id", "reportNumber", "reportType", "reportingInstitution", "subject", "account", "date", "amount",
               "currency", "typology")


def _n_ext(sc: Scenario) -> int:
    return sc.world.n_extraditions


FEEDS: tuple[FeedSpec, ...] = (
    # U.S. Customs and Border Protection: seizures at the land ports of entry.
    FeedSpec("CBP", "Person", "national", P_COLS["CBP"].columns, Scenario.cbp_persons,
             _persons("CBP", Scenario.cbp_persons, _random_persons("CBP", 0.08)), "travellers and drivers"),
    FeedSpec("CBP", "Vehicle", "binational", VEHICLE_COLS, Scenario.cbp_vehicles,
             _vehicles("CBP", Scenario.cbp_vehicles), "vehicles inspected"),
    FeedSpec("CBP", "Seizure", "binational", SEIZURE_COLS, lambda sc: sc.n(0.12, 40), cbp_seizures,
             "seizures at ports of entry (lb, pills, USD)"),
    # Homeland Security Investigations: human smuggling.
    FeedSpec("HSI", "Person", "originator", P_COLS["HSI"].columns, Scenario.hsi_persons,
             _persons("HSI", Scenario.hsi_persons, _random_persons("HSI", 0.15)), "smuggling facilitators"),
    FeedSpec("HSI", "Vehicle", "national", VEHICLE_COLS, Scenario.hsi_vehicles,
             _vehicles("HSI", Scenario.hsi_vehicles), "vehicles used in smuggling"),
    FeedSpec("HSI", "SmugglingIncident", "binational", SMUGGLING_COLS, lambda sc: sc.n(0.03, 10),
             _smuggling("HSI", "us", lambda sc: sc.n(0.03, 10), Scenario.hsi_persons, Scenario.hsi_vehicles),
             "human-smuggling incidents in the U.S."),
    # ATF: firearm traces from U.S. dealers to recoveries in Mexico.
    FeedSpec("ATF", "Company", "national", ("id", "name", "jurisdiction", "country", "licenseNumber", "address"),
             lambda sc: sc.world.n_dealers, atf_dealers, "federal firearms licensees (dealers)"),
    FeedSpec("ATF", "Person", "originator", P_COLS["ATF"].columns, Scenario.atf_persons,
             _persons("ATF", Scenario.atf_persons, _random_persons("ATF", 0.25, us_only=True)), "purchasers"),
    FeedSpec("ATF", "Firearm", "binational", FIREARM_COLS, lambda sc: sc.world.n_firearms, atf_firearms,
             "traced firearms"),
    FeedSpec("ATF", "FirearmTrace", "binational",
             ("id", "traceNumber", "firearm", "traceRequestDate", "purchaseDate", "dealerName", "dealerLicense",
              "dealerState", "dealer", "purchaser", "recoveryDate", "recoveryPlace", "recoveryState",
              "recoveryCountry", "timeToCrime", "requestingAgency"),
             lambda sc: sc.world.n_firearms, atf_traces, "traces of firearms recovered in Mexico"),
    # DOJ: extradition requests (Office of International Affairs).
    FeedSpec("DOJ", "Person", "binational", P_COLS["DOJ"].columns, _n_ext,
             _persons("DOJ", _n_ext, lambda sc, k: sc.world.extradition_subject(k)), "persons sought"),
    FeedSpec("DOJ", "ExtraditionCase", "binational", CASE_COLS, _n_ext, _cases("DOJ"), "extradition cases"),
    FeedSpec("DOJ", "ExtraditionMilestone", "binational", MILESTONE_COLS, lambda sc: 0, _milestones("DOJ"),
             "dated steps of the cases"),
    # FinCEN: U.S. suspicious activity and currency reports.
    FeedSpec("FINCEN", "Company", "national", COMPANY_COLS, lambda sc: len(ids.US_BANKS) + sc.fincen_companies(),
             fincen_companies, "banks and report subjects"),
    FeedSpec("FINCEN", "Person", "originator", P_COLS["FINCEN"].columns, Scenario.fincen_persons,
             _persons("FINCEN", Scenario.fincen_persons, _random_persons("FINCEN", 0.35)), "report subjects"),
    FeedSpec("FINCEN", "FinancialIntelligenceReport", "originator", REPORT_COLS, lambda sc: sc.n(0.03, 15),
             fincen_reports, "SAR, CTR and CMIR"),
    # FGR: investigations, organised crime, seizures in Mexico, extraditions.
    FeedSpec("FGR", "Person", "national", P_COLS["FGR"].columns, Scenario.fgr_persons,
             _persons("FGR", Scenario.fgr_persons, Scenario.fgr_person_index), "suspects and persons sought"),
    FeedSpec("FGR", "CriminalOrganization", "public",
             ("id", "name", "alias", "areaOfOperation", "operatingCountry", "activity"),
             lambda sc: sc.world.n_orgs, fgr_organizations, "criminal organisations (fictional)"),
    FeedSpec("FGR", "Membership", "binational", ("id", "member", "organization", "role"), lambda sc: 0,
             fgr_memberships, "members of the organisations"),
    FeedSpec("FGR", "Firearm", "binational", FIREARM_COLS, Scenario.fgr_firearms, fgr_firearms,
             "firearms recovered in Mexico"),
    FeedSpec("FGR", "Seizure", "binational", SEIZURE_COLS, lambda sc: sc.n(0.08, 30), fgr_seizures,
             "seizures in Mexico (kg, piezas, cartuchos)"),
    FeedSpec("FGR", "ExtraditionCase", "national", CASE_COLS, _n_ext, _cases("FGR"), "extradition cases"),
    FeedSpec("FGR", "ExtraditionMilestone", "national", MILESTONE_COLS, lambda sc: 0, _milestones("FGR"),
             "dated steps of the cases (Spanish stage names)"),
    # GN: human smuggling in Mexico.
    FeedSpec("GN", "Person", "national", P_COLS["GN"].columns, Scenario.gn_persons,
             _persons("GN", Scenario.gn_persons, _random_persons("GN", 0.15)), "smuggling facilitators"),
    FeedSpec("GN", "SmugglingIncident", "binational", SMUGGLING_COLS, lambda sc: sc.n(0.02, 10),
             _smuggling("GN", "mx", lambda sc: sc.n(0.02, 10), Scenario.gn_persons, None),
             "human-smuggling incidents in Mexico"),
    # UIF: front companies, their accounts, owners and payments; unusual-operation reports.
    FeedSpec("UIF", "Person", "originator", P_COLS["UIF"].columns, Scenario.uif_persons,
             _persons("UIF", Scenario.uif_persons, Scenario.uif_person_index), "shareholders and report subjects"),
    FeedSpec("UIF", "Company", "national", COMPANY_COLS, lambda sc: len(ids.MX_BANKS) + sc.world.n_companies,
             uif_companies, "banks and companies"),
    FeedSpec("UIF", "BankAccount", "national", ("id", "accountNumber", "bankName", "currency", "country",
                                                "openingDate"),
             Scenario.uif_accounts, uif_accounts, "accounts (CLABE)"),
    FeedSpec("UIF", "Ownership", "national", ("id", "owner", "asset", "percentage", "role"), lambda sc: 0,
             uif_ownerships, "shareholdings and account holders"),
    FeedSpec("UIF", "Payment", "national",
             ("id", "payer", "beneficiary", "payerAccount", "beneficiaryAccount", "amount", "currency", "date",
              "purpose", "transactionNumber"),
             lambda sc: sc.n(0.12, 100), uif_payments, "transfers among companies"),
    FeedSpec("UIF", "FinancialIntelligenceReport", "originator", REPORT_COLS, lambda sc: sc.n(0.03, 20),
             uif_reports, "ROI, ROR and ROIP"),
    # ANAM: Mexican customs.
    FeedSpec("ANAM", "Seizure", "public", SEIZURE_COLS, lambda sc: sc.n(0.04, 15), anam_seizures,
             "seizures at Mexican customs"),
)
