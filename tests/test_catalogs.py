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


def test_no_message_translated_two_ways() -> None:
    """All .po files merge into one catalog: the same English text must not get two translations."""
    from babel.messages.pofile import read_po

    from bicentennial.i18n import LOCALE_DIR

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po in sorted((LOCALE_DIR / "es" / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale="es"):
                if not message.id or not message.string:
                    continue
                text = str(message.string)
                earlier = seen.setdefault(str(message.id), (text, po.name))
                if earlier[0] != text:
                    clashes.append((message.id, earlier, (text, po.name)))
    assert not clashes, clashes[:10]
