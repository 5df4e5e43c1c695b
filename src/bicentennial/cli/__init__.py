"""The `bicentennial` command line (Typer + Rich).

Each module of this package that defines `register(app)` adds its commands;
they are discovered, so an area adds a file here and touches nothing else.
Commands are thin: parse, call a capability, render.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from bicentennial.i18n import set_lang

app = typer.Typer(
    name="bicentennial",
    help="U.S.-Mexico Bicentennial Framework platform / Plataforma del Entendimiento Bicentenario.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(
    lang: str = typer.Option(None, "--lang", envvar="BICENTENNIAL_LANG", help="en | es"),
) -> None:
    # always set (or reset): one process may run several commands (tests, shells)
    set_lang(lang if lang in ("en", "es") else None)


def _discover() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_discover()


def main() -> None:
    app()
