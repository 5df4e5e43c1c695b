"""Message catalogs (gettext .po files, read with Babel).

English is the source language: a msgid is the English text. Spanish lives in
`locale/es/LC_MESSAGES/*.po`, one file per area (framework, ingest, web, ...),
all merged into one catalog so areas can be translated independently. The
current language is a context variable, so one process can serve an English
and a Spanish request at the same time.
"""

from __future__ import annotations

import contextvars
from functools import cache
from pathlib import Path
from typing import Any

import followthemoney
from babel.messages.pofile import read_po

from bicentennial.settings import LANGUAGES, get_settings

LOCALE_DIR = Path(__file__).parent / "locale"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("lang", default=None)


@cache
def catalog(lang: str) -> dict[str, str]:
    """All translated messages of `lang`, msgid → msgstr (empty for English)."""
    messages: dict[str, str] = {}
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    # FollowTheMoney ships translations of its schema and property labels: ours come first
    ftm = Path(followthemoney.__file__).parent / "translations" / lang / "LC_MESSAGES" / "followthemoney.po"
    pos = sorted(folder.glob("*.po")) if folder.is_dir() else []
    for po in [*pos, *([ftm] if ftm.is_file() else [])]:
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id and message.string and not message.fuzzy:
                    messages.setdefault(str(message.id), str(message.string))
    return messages


def get_lang() -> str:
    return _current.get() or get_settings().lang


def set_lang(lang: str | None) -> contextvars.Token[str | None]:
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    return _current.set(lang)


def gettext(message: str, lang: str | None = None, **kwargs: Any) -> str:
    """Translate `message` and fill `{name}` placeholders from kwargs."""
    text = catalog(lang or get_lang()).get(message, message)
    return text.format(**kwargs) if kwargs else text


_ = gettext


def pick(texts: dict[str, str], lang: str | None = None) -> str:
    """Choose the text of a bilingual data field ({en: ..., es: ...})."""
    lang = lang or get_lang()
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")
