"""Every message the code and templates mark for translation has a Spanish translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from bicentennial.i18n import catalog

SRC = Path(__file__).resolve().parent.parent / "src" / "bicentennial"
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
KEYWORDS = {"_": None, "gettext": None}


def _marked() -> dict[str, str]:
    found: dict[str, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(SRC), METHODS, keywords=KEYWORDS, options_map={"**/templates/**.html": {"extensions": ""}}
    ):
        text = message[0] if isinstance(message, tuple) else message
        # a msgid ending in "-" is the prefix of keyed messages built at run time ("sharing-" + level)
        if text and not text.endswith("-"):
            found.setdefault(text, filename)
    return found


def test_every_marked_message_has_spanish() -> None:
    spanish = catalog("es")
    marked = _marked()
    assert len(marked) > 200
    missing = {text: where for text, where in marked.items() if text not in spanish}
    assert not missing, f"{len(missing)} messages without Spanish, e.g. {list(missing.items())[:15]}"


def test_keyed_messages_have_english_and_spanish() -> None:
    english, spanish = catalog("en"), catalog("es")
    for key in ("sharing-private", "sharing-agency", "sharing-binational"):
        assert key in english and key in spanish
