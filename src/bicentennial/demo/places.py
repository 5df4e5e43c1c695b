"""Real places of the demo scenario: U.S. ports of entry on the Mexican border,
U.S. states of firearm purchase, Mexican states (INEGI codes) and municipalities.

Only the places are real; every person, company and organisation of the demo
is fictional.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Port:
    name: str
    code: str  # CBP port code (Schedule D)
    state: str  # U.S. state, USPS code
    city: str
    field_office: str
    mx_city: str  # the Mexican city across the border
    mx_state: str  # INEGI code of the Mexican state across the border
    weight: int  # relative share of seizures


# U.S. land ports of entry on the Mexican border, by CBP field office.
PORTS: tuple[Port, ...] = (
    Port("San Ysidro", "2504", "CA", "San Diego", "San Diego Field Office", "Tijuana", "02", 16),
    Port("Otay Mesa", "2506", "CA", "San Diego", "San Diego Field Office", "Tijuana", "02", 10),
    Port("Tecate", "2505", "CA", "Tecate", "San Diego Field Office", "Tecate", "02", 2),
    Port("Calexico", "2503", "CA", "Calexico", "San Diego Field Office", "Mexicali", "02", 7),
    Port("Andrade", "2502", "CA", "Winterhaven", "San Diego Field Office", "Los Algodones", "02", 1),
    Port("San Luis", "2608", "AZ", "San Luis", "Tucson Field Office", "San Luis Río Colorado", "26", 3),
    Port("Lukeville", "2602", "AZ", "Lukeville", "Tucson Field Office", "Sonoyta", "26", 1),
    Port("Nogales", "2604", "AZ", "Nogales", "Tucson Field Office", "Nogales", "26", 12),
    Port("Naco", "2603", "AZ", "Naco", "Tucson Field Office", "Naco", "26", 1),
    Port("Douglas", "2601", "AZ", "Douglas", "Tucson Field Office", "Agua Prieta", "26", 3),
    Port("Columbus", "2406", "NM", "Columbus", "El Paso Field Office", "Puerto Palomas", "08", 1),
    Port("Santa Teresa", "2408", "NM", "Santa Teresa", "El Paso Field Office", "San Jerónimo", "08", 1),
    Port("El Paso", "2402", "TX", "El Paso", "El Paso Field Office", "Ciudad Juárez", "08", 9),
    Port("Presidio", "2403", "TX", "Presidio", "El Paso Field Office", "Ojinaga", "08", 1),
    Port("Del Rio", "2302", "TX", "Del Rio", "Laredo Field Office", "Ciudad Acuña", "05", 2),
    Port("Eagle Pass", "2303", "TX", "Eagle Pass", "Laredo Field Office", "Piedras Negras", "05", 3),
    Port("Laredo", "2304", "TX", "Laredo", "Laredo Field Office", "Nuevo Laredo", "28", 12),
    Port("Roma", "2310", "TX", "Roma", "Laredo Field Office", "Ciudad Miguel Alemán", "28", 1),
    Port("Rio Grande City", "2307", "TX", "Rio Grande City", "Laredo Field Office", "Camargo", "28", 1),
    Port("Hidalgo", "2305", "TX", "Hidalgo", "Laredo Field Office", "Reynosa", "28", 6),
    Port("Progreso", "2309", "TX", "Progreso", "Laredo Field Office", "Nuevo Progreso", "28", 1),
    Port("Brownsville", "2301", "TX", "Brownsville", "Laredo Field Office", "Matamoros", "28", 5),
)

# Mexican states: INEGI code → (name, CURP state code, ISO 3166-2 code).
MX_STATES: dict[str, tuple[str, str, str]] = {
    "01": ("Aguascalientes", "AS", "MX-AGU"),
    "02": ("Baja California", "BC", "MX-BCN"),
    "03": ("Baja California Sur", "BS", "MX-BCS"),
    "04": ("Campeche", "CC", "MX-CAM"),
    "05": ("Coahuila de Zaragoza", "CL", "MX-COA"),
    "06": ("Colima", "CM", "MX-COL"),
    "07": ("Chiapas", "CS", "MX-CHP"),
    "08": ("Chihuahua", "CH", "MX-CHH"),
    "09": ("Ciudad de México", "DF", "MX-CMX"),
    "10": ("Durango", "DG", "MX-DUR"),
    "11": ("Guanajuato", "GT", "MX-GUA"),
    "12": ("Guerrero", "GR", "MX-GRO"),
    "13": ("Hidalgo", "HG", "MX-HID"),
    "14": ("Jalisco", "JC", "MX-JAL"),
    "15": ("México", "MC", "MX-MEX"),
    "16": ("Michoacán de Ocampo", "MN", "MX-MIC"),
    "17": ("Morelos", "MS", "MX-MOR"),
    "18": ("Nayarit", "NT", "MX-NAY"),
    "19": ("Nuevo León", "NL", "MX-NLE"),
    "20": ("Oaxaca", "OC", "MX-OAX"),
    "21": ("Puebla", "PL", "MX-PUE"),
    "22": ("Querétaro", "QT", "MX-QUE"),
    "23": ("Quintana Roo", "QR", "MX-ROO"),
    "24": ("San Luis Potosí", "SP", "MX-SLP"),
    "25": ("Sinaloa", "SL", "MX-SIN"),
    "26": ("Sonora", "SR", "MX-SON"),
    "27": ("Tabasco", "TC", "MX-TAB"),
    "28": ("Tamaulipas", "TS", "MX-TAM"),
    "29": ("Tlaxcala", "TL", "MX-TLA"),
    "30": ("Veracruz de Ignacio de la Llave", "VZ", "MX-VER"),
    "31": ("Yucatán", "YN", "MX-YUC"),
    "32": ("Zacatecas", "ZS", "MX-ZAC"),
}

# Where seizures happen and traced firearms are recovered in Mexico:
# INEGI state code → (weight, municipalities).
MX_HOTSPOTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "25": (14, ("Culiacán", "Mazatlán", "Navolato", "Ahome", "Guasave")),
    "14": (11, ("Guadalajara", "Zapopan", "San Pedro Tlaquepaque", "Puerto Vallarta", "Tlajomulco de Zúñiga")),
    "28": (11, ("Reynosa", "Matamoros", "Nuevo Laredo", "Tampico", "Ciudad Victoria")),
    "26": (10, ("Hermosillo", "Nogales", "Cajeme", "San Luis Río Colorado", "Caborca")),
    "08": (10, ("Juárez", "Chihuahua", "Guadalupe y Calvo", "Ojinaga", "Cuauhtémoc")),
    "02": (10, ("Tijuana", "Mexicali", "Ensenada", "Tecate")),
    "16": (8, ("Morelia", "Uruapan", "Apatzingán", "Zamora", "Lázaro Cárdenas")),
    "12": (7, ("Acapulco de Juárez", "Chilpancingo de los Bravo", "Iguala de la Independencia", "Tlapa")),
    "11": (6, ("León", "Celaya", "Irapuato", "Salamanca")),
    "32": (4, ("Zacatecas", "Fresnillo", "Guadalupe")),
    "19": (4, ("Monterrey", "Guadalupe", "Apodaca")),
    "15": (3, ("Ecatepec de Morelos", "Nezahualcóyotl", "Toluca")),
    "09": (3, ("Iztapalapa", "Cuauhtémoc", "Gustavo A. Madero")),
    "10": (2, ("Durango", "Gómez Palacio")),
    "05": (2, ("Piedras Negras", "Torreón", "Saltillo")),
    "07": (2, ("Tapachula", "Tuxtla Gutiérrez")),
    "30": (2, ("Veracruz", "Coatzacoalcos")),
}

# Mexican customs offices (aduanas) facing the U.S. ports: name → INEGI state.
MX_CUSTOMS: tuple[tuple[str, str], ...] = (
    ("Aduana de Tijuana", "02"),
    ("Aduana de Mexicali", "02"),
    ("Aduana de Nogales", "26"),
    ("Aduana de Agua Prieta", "26"),
    ("Aduana de Ciudad Juárez", "08"),
    ("Aduana de Ojinaga", "08"),
    ("Aduana de Piedras Negras", "05"),
    ("Aduana de Nuevo Laredo", "28"),
    ("Aduana de Reynosa", "28"),
    ("Aduana de Matamoros", "28"),
    ("Aduana de Manzanillo", "06"),
    ("Aduana de Lázaro Cárdenas", "16"),
)

# U.S. states where traced firearms were first sold: USPS code → (name, weight, FFL region-district).
US_STATES: dict[str, tuple[str, int, str]] = {
    "TX": ("Texas", 40, "5-74"),
    "AZ": ("Arizona", 16, "9-86"),
    "CA": ("California", 10, "9-33"),
    "NM": ("New Mexico", 4, "5-85"),
    "FL": ("Florida", 4, "1-59"),
    "GA": ("Georgia", 3, "1-58"),
    "IL": ("Illinois", 3, "3-36"),
    "NV": ("Nevada", 3, "9-88"),
    "OK": ("Oklahoma", 2, "5-73"),
    "CO": ("Colorado", 2, "8-84"),
    "WA": ("Washington", 2, "9-91"),
    "UT": ("Utah", 1, "8-87"),
}

US_CITIES: dict[str, tuple[str, ...]] = {
    "TX": ("Houston", "Dallas", "San Antonio", "El Paso", "Laredo", "McAllen", "Brownsville", "Austin"),
    "AZ": ("Phoenix", "Tucson", "Mesa", "Glendale", "Yuma", "Nogales"),
    "CA": ("Los Angeles", "San Diego", "Chula Vista", "Fresno", "Bakersfield", "Riverside"),
    "NM": ("Albuquerque", "Las Cruces", "Deming"),
    "FL": ("Miami", "Orlando", "Tampa"),
    "GA": ("Atlanta", "Gainesville"),
    "IL": ("Chicago", "Aurora"),
    "NV": ("Las Vegas", "Reno"),
    "OK": ("Oklahoma City", "Tulsa"),
    "CO": ("Denver", "Pueblo"),
    "WA": ("Seattle", "Yakima"),
    "UT": ("Salt Lake City", "Ogden"),
}

# Human-smuggling routes reported on both sides.
SMUGGLING_ROUTES: tuple[tuple[str, str, str, str], ...] = (
    # (route, place, state, country)
    ("Tapachula – Ciudad de México – Tijuana", "Tijuana", "Baja California", "mx"),
    ("Tapachula – Veracruz – Reynosa", "Reynosa", "Tamaulipas", "mx"),
    ("Tenosique – Coatzacoalcos – Nuevo Laredo", "Nuevo Laredo", "Tamaulipas", "mx"),
    ("Altar – Sásabe – Tucson", "Altar", "Sonora", "mx"),
    ("Ciudad Juárez – El Paso", "Ciudad Juárez", "Chihuahua", "mx"),
    ("Piedras Negras – Eagle Pass", "Piedras Negras", "Coahuila de Zaragoza", "mx"),
    ("Reynosa – McAllen – Houston", "McAllen", "TX", "us"),
    ("Nogales – Phoenix", "Nogales", "AZ", "us"),
    ("Laredo – San Antonio", "Laredo", "TX", "us"),
    ("Tijuana – San Diego – Los Angeles", "San Diego", "CA", "us"),
)

# Phone area codes (real) used for the fictional numbers.
MX_AREA_CODES: tuple[str, ...] = ("667", "669", "33", "664", "686", "656", "614", "899", "868", "662", "443", "55")
US_AREA_CODES: tuple[str, ...] = ("619", "915", "956", "520", "602", "210", "713", "213")
