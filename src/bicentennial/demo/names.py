"""Fictional names and the ways agencies write them differently.

The variants are the ones that make binational record linkage hard: accents
dropped, the maternal surname dropped, the two surnames swapped or joined,
nicknames (Lupe for Guadalupe), "El Güero"-style aliases, upper case, typos.
"""

from __future__ import annotations

import random
import unicodedata
from functools import lru_cache

MALE_NAMES: tuple[str, ...] = (
    "José", "Juan", "Luis", "Jesús", "Francisco", "Miguel", "Antonio", "Alejandro", "Pedro", "Manuel",
    "Ricardo", "Fernando", "Jorge", "Roberto", "Alberto", "Eduardo", "Guillermo", "Ignacio", "Rafael",
    "Enrique", "Raúl", "Arturo", "Javier", "Sergio", "Héctor", "Ramón", "Rubén", "Óscar", "Guadalupe",
    "Ismael", "Joaquín", "Ernesto", "Octavio", "Gerardo", "Andrés", "Julio", "Mario", "Víctor",
    "José Luis", "Juan Carlos", "José Antonio", "Juan Manuel", "Luis Ángel", "Jesús Alberto",
)  # fmt: skip
FEMALE_NAMES: tuple[str, ...] = (
    "María", "Guadalupe", "Josefina", "Rosa", "Ana", "Patricia", "Leticia", "Gabriela", "Verónica",
    "Alejandra", "Claudia", "Adriana", "Margarita", "Martha", "Silvia", "Elizabeth", "Yolanda", "Araceli",
    "Consuelo", "Dolores", "Rocío", "Mónica", "Beatriz", "Sofía", "Ximena", "Itzel",
    "María Guadalupe", "María Fernanda", "María del Carmen", "Ana María", "María de Jesús", "Rosa Isela",
)  # fmt: skip
SURNAMES: tuple[str, ...] = (
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez",
    "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Jiménez", "Reyes", "Díaz", "Torres", "Gutiérrez",
    "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero", "Álvarez", "Méndez", "Chávez",
    "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera", "Medina", "Castro", "Vargas", "Velázquez",
    "Muñoz", "Rojas", "Salazar", "Contreras", "Núñez", "Ibarra", "Zamora", "Beltrán", "Quintero",
    "Félix", "Valenzuela", "Ochoa", "Peña", "Ordóñez", "Sandoval", "Villarreal", "Cárdenas", "Lozano",
    "Espinoza", "Cervantes", "Zúñiga", "Bañuelos", "Arámbula", "Echeverría", "Solís", "Tapia", "Leyva",
)  # fmt: skip
US_FIRST_NAMES: tuple[str, ...] = (
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Christopher",
    "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Kevin", "Brian", "Jason", "Ryan", "Tyler",
    "Mary", "Jennifer", "Linda", "Elizabeth", "Jessica", "Sarah", "Karen", "Ashley", "Amanda", "Melissa",
)  # fmt: skip
US_SURNAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis",
    "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams",
)  # fmt: skip

# Nicknames (hipocorísticos) used in place of a given name by some sources.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Guadalupe": ("Lupe", "Lupita"),
    "María Guadalupe": ("Lupe", "Lupita"),
    "José": ("Pepe",),
    "Jesús": ("Chuy", "Chucho"),
    "Francisco": ("Paco", "Pancho", "Kiko"),
    "Guillermo": ("Memo",),
    "Ignacio": ("Nacho",),
    "Eduardo": ("Lalo",),
    "Alberto": ("Beto",),
    "Roberto": ("Beto",),
    "Antonio": ("Toño",),
    "José Antonio": ("Toño",),
    "Enrique": ("Quique",),
    "Rafael": ("Rafa",),
    "Alejandro": ("Alex",),
    "Manuel": ("Manolo",),
    "Consuelo": ("Chelo",),
    "Dolores": ("Lola",),
    "Rosa": ("Rosy",),
    "Margarita": ("Magos",),
    "Josefina": ("Chepina",),
    "Ramón": ("Moncho",),
}

# "El Güero"-style criminal aliases (apodos).
ALIASES_MALE: tuple[str, ...] = (
    "El Güero", "El Flaco", "El Gordo", "El Chino", "El Compa", "El Tigre", "El Tío", "El Jefe",
    "El Chaparro", "El Negro", "El Pelón", "El Mudo", "El Cholo", "El Zurdo", "El Señor", "El Contador",
    "El Ingeniero", "El Licenciado", "El Gallo", "El Cuervo", "El Alacrán", "El Vaquero", "El Chamaco",
)  # fmt: skip
ALIASES_FEMALE: tuple[str, ...] = ("La Güera", "La Flaca", "La Jefa", "La Reina", "La Contadora", "La Tía")

# Commonly confused letters in Spanish transcription.
_SWAPS: tuple[tuple[str, str], ...] = (
    ("v", "b"), ("b", "v"), ("z", "s"), ("s", "z"), ("ll", "y"), ("y", "ll"), ("c", "s"), ("j", "g"),
)  # fmt: skip


@lru_cache(maxsize=65536)
def strip_accents(text: str) -> str:
    """'Núñez' → 'Nunez' (also Ñ → N, as U.S. systems write it)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(rng: random.Random, word: str) -> str:
    """One realistic keying or transcription error in `word`."""
    if len(word) < 4:
        return word
    kind = rng.randrange(4)
    lower = word.lower()
    if kind == 0:
        for a, b in _SWAPS:
            pos = lower.find(a, 1)
            if pos > 0:
                return word[:pos] + b + word[pos + len(a) :]
    if kind == 1:  # transposition
        i = rng.randrange(1, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 2:  # dropped letter
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1 :]
    i = rng.randrange(1, len(word) - 1)  # doubled letter
    return word[:i] + word[i] + word[i:]


def nickname(rng: random.Random, first: str) -> str | None:
    options = NICKNAMES.get(first) or NICKNAMES.get(first.split(" ")[-1] if " " in first else "")
    return rng.choice(options) if options else None
