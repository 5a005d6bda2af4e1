"""What every input format shares: the parse error, ids and hashes, and WireItem assembly.

A *format parser* is a plain function ``parse(payload: bytes, *, source: str,
received: datetime) -> list[WireItem]``. It raises :class:`ParseError` with a
machine-readable ``reason`` when the payload cannot be read; the normalize stage
turns that into a dead letter. Parsers never touch Kafka.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
from datetime import datetime, timezone

from schemas import WireItem

# Largest single payload a parser accepts; bigger ones are dead-lettered as 'too_large'.
MAX_PAYLOAD_BYTES = 2 * 1024 * 1024


class ParseError(ValueError):
    """A payload that cannot be turned into wire items.

    ``reason`` is a short stable token (``invalid_utf8``, ``unparseable``,
    ``empty``, ``unsupported_format``, ``unsafe_xml``, ``too_large``,
    ``invalid_item``) used in dead letters and metrics; the message explains it
    to a person.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __str__(self) -> str:
        return f"{self.reason}: {self.message}"


_CJK_CHARS = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uff60"
_HAS_CJK = re.compile(f"[{_CJK_CHARS}]")
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK_CHARS}])[ \t\r]*\n\\s*(?=[{_CJK_CHARS}])")


#: C1 control characters (U+0080-U+009F) as windows-1252 reads their bytes: numeric references written
#: for windows-1252 code points (NITF's and old HTML's ``&#151;`` for an em dash, ``&#146;`` for an
#: apostrophe), or windows-1252 bytes decoded as Latin-1, as browsers and feedparser read them; the five
#: code points windows-1252 leaves undefined are dropped (formats round 10).
_C1_AS_CP1252 = {
    cp: (bytes([cp]).decode("cp1252", errors="ignore") or None) for cp in range(0x80, 0xA0)
}


def c1_as_cp1252(text: str) -> str:
    """The text with C1 controls read as the windows-1252 characters they were meant to be."""
    return text.translate(_C1_AS_CP1252) if any("\x80" <= c <= "\x9f" for c in text) else text


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace as one space; a line break between two Chinese / Japanese characters
    (text wrapped at a fixed width, or an HTML source's line breaks) as nothing, as CSS Text 3's
    segment-break rule has it: "中国政府\n今天宣布" is "中国政府今天宣布", not "中国政府 今天宣布".
    C1 controls are first read as windows-1252 (:func:`c1_as_cp1252`: U+0085 is "…", not a line break)."""
    text = c1_as_cp1252(text)
    if "\n" in text and _HAS_CJK.search(text):
        text = _CJK_LINE_BREAK.sub("", text)
    return " ".join(text.split())


def sha1_hex(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


@functools.lru_cache(maxsize=2)
def payload_hash(payload: bytes) -> str:
    """Hash of the raw bytes an item came from (provenance, not identity).

    Cached: every entry of a feed carries its payload's hash, and hashing the whole payload
    per entry made a feed's parse grow with entries x bytes (20,000 entries: 29 s).
    """
    return hashlib.sha256(payload).hexdigest()


def normalise_text(text: str) -> str:
    """Text as used for identity: NFKC, lower case, no punctuation, single spaces.

    Two re-sends that differ only in whitespace, line wrapping, quotes or case
    hash the same. (The words of the text, punctuation and whitespace both
    separating them, joined by single spaces: one regex pass.)
    """
    return b" ".join(normalised_word_bytes(text)).decode()


_WORD = re.compile(r"\w+")
#: Every ASCII byte that is not a word character (``\w``: letters, digits, ``_``) becomes a space.
_ASCII_SEPARATORS = bytes(32 if c < 128 and not (chr(c).isalnum() or c == 95) else c for c in range(256))


def normalised_words(text: str) -> list[str]:
    """The words of :func:`normalise_text` (runs of word characters)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def normalised_word_bytes(text: str) -> list[bytes]:
    """The words of :func:`normalised_words`, UTF-8 encoded.

    The same runs of word characters, found ~4x faster: ASCII separators become spaces in one
    ``bytes.translate`` and the bytes split on them; only a piece holding non-ASCII characters
    (which may be separators too: a curly quote, a dash) goes through the regex.
    """
    data = unicodedata.normalize("NFKC", text).casefold().encode()
    pieces = data.translate(_ASCII_SEPARATORS).split()
    if data.isascii():
        return pieces
    words: list[bytes] = []
    for piece in pieces:
        if piece.isascii():
            words.append(piece)
        else:
            words += [w.encode() for w in _WORD.findall(piece.decode())]
    return words


def content_hash(headline: str, body: str) -> str:
    return sha1_hex(normalise_text(f"{headline}\n{body}").encode("utf-8"))


def story_id(source: str, guid: str) -> str:
    """Stable story id from where an item came from and its own identifier."""
    return sha1_hex(f"{source}\x1f{guid}".encode("utf-8"))[:20]


def decode_utf8(payload: bytes) -> str:
    if not payload or not payload.strip():
        raise ParseError("empty", "the payload is empty")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ParseError("too_large", f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD_BYTES}")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError("invalid_utf8", f"payload is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    return text.lstrip("\ufeff")


def as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


#: Invisible direction marks and embeddings (U+200E/U+200F, U+202A-U+202E, U+2066-U+2069, U+061C) and
#: stray BOMs (U+FEFF) that Arabic, Persian and Hebrew CMSs wrap titles in: invisible, yet they make
#: texts that read the same compare different. (ZWNJ/ZWJ, U+200C/U+200D, are spelling in Persian
#: and Indic scripts, and a zero-width space, U+200B, separates Thai and Khmer words: they stay.)
# (One class, then the same class repeated: a pattern opening on a bare class lets the regex engine
# skip to its characters, 4x faster than opening on a repeat.)
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff][\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]*")


def is_http_url(value: object) -> bool:
    """Whether ``value`` is an http(s) address (a link; not a urn, a tag: URI or a relative path)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def drop_bidi_controls(text: str) -> str:
    """The text without direction marks, embeddings and BOMs (see _BIDI_CONTROLS)."""
    # A search first: most texts have none, and it is a fast scan (str.translate is slow on non-ASCII text).
    return _BIDI_CONTROLS.sub("", text) if _BIDI_CONTROLS.search(text) else text


#: The characters windows-1252 shows for the bytes 0x80-0xBF (the five it leaves undefined as their
#: Latin-1 C1 controls), and the byte each stands for.
_CONTINUATION = {
    (bytes([b]).decode("cp1252", errors="ignore") or chr(b)): b for b in range(0x80, 0xC0)
}
_C = "[" + re.escape("".join(_CONTINUATION)) + "]"
#: UTF-8 read as windows-1252 and written out as UTF-8 again ("weâ€™re", "FÃ¼r", "ÐœÐ¾Ñ\x81ÐºÐ²Ð°"):
#: a lead byte's character (Â-ô) followed by as many continuation bytes' characters as it announces.
#: (It opens on the class of every lead byte, so the regex engine skips to those characters: 8x
#: faster on text with curly quotes than three alternatives each opening on its own class.)
_MOJIBAKE = re.compile(f"[\xc2-\xf4](?:(?<=[\xc2-\xdf]){_C}|(?<=[\xe0-\xef]){_C}{{2}}|(?<=[\xf0-\xf4]){_C}{{3}})")


def _unmangle(match: re.Match[str]) -> str:
    chars = match.group()
    try:
        return bytes([ord(chars[0]), *(_CONTINUATION[c] for c in chars[1:])]).decode("utf-8")
    except UnicodeDecodeError:
        return chars  # not a UTF-8 sequence after all: the text stands as written


def repair_mojibake(text: str) -> str:
    """The text with doubly encoded UTF-8 undone (see _MOJIBAKE): feeds written by a CMS whose
    database took UTF-8 bytes for windows-1252 (WordPress sites, recorded Yandex News feeds).
    Only sequences that decode as UTF-8 are replaced; a lone "Ã" or "Â" in real text stays."""
    if not _MOJIBAKE.search(text):
        return text
    repaired = _MOJIBAKE.sub(_unmangle, text)
    if repaired != text:
        # In a text shown to be doubly encoded, the no-break space of "à" (C3 A0) and of a lone
        # U+00A0 (C2 A0) came out as "Ã"/"Â" and a space once whitespace was normalised ("Ã laquelle",
        # "«Â effet"). Elsewhere "Ã " is Portuguese ("IRMÃ E"), so only here.
        repaired = repaired.replace("Ã ", "à ").replace("Â ", " ")
    return repaired


#: The flash marker and agency tag ANSA's English wire puts before a headline (">>>ANSA/Gazprom cuts
#: Italy gas supplies by a third"): two or more ">" and an upper-case agency code with a slash.
_HEADLINE_FLAG = re.compile(r"^>{2,}\s*(?:[A-Z]{2,8}\s*/\s*)?")
#: An opening notice in letter-spaced capitals-and-letters, as ANP writes its corrections and
#: replacements ("N i e u w bericht, vervangt: <the old headline>", "C o r r e c t i e"): a desk's
#: note to editors, not the story (and it hid the dateline after it).
_SPACED_NOTICE = re.compile(r"^(?:\w ){3,}\w\b[^\n]{0,200}$")


def drop_headline_flag(headline: str) -> str:
    """The headline without a leading flash marker and agency tag (see _HEADLINE_FLAG)."""
    return _HEADLINE_FLAG.sub("", headline) if headline.startswith(">>") else headline


def drop_opening_notice(body: str) -> str:
    """The body without an opening letter-spaced desk notice paragraph (see _SPACED_NOTICE)."""
    first, sep, rest = body.partition("\n\n")
    return rest if sep and rest.strip() and _SPACED_NOTICE.match(first.strip()) else body


#: A last paragraph that is only the desk's credit line, as Reuters closes every story: "(Reporting by
#: Jane Doe in Kyiv; Editing by John Roe)", "(Additional reporting by ...)", "(Writing by ...)"; its
#: German, French and Spanish services' "(Bericht von ...; redigiert von ...)", "(Reportage ...)",
#: "(Información de ...)", "(Reporte de ...)".
_CREDIT_TRAILER = re.compile(
    r"^\((?:(?:additional |further )?reporting|writing|editing|compiled|reported|written|edited|"
    r"bericht|mitarbeit|reportage|rédigé|r[eé]daction|información|informaci[oó]n|reporte|reportaje)"
    r"\b[^()]{0,300}\)$",
    re.IGNORECASE,
)


#: A last paragraph that only marks the end of the copy: press releases' "###" (Business Wire, PR
#: Newswire), "-30-", "ENDS" / "- END -" / "(END)" (UK and Asian wires), "—0—", "XXX" (formats round 10).
_END_MARKER = re.compile(r"^(?:#{3,}|[-–—]\s?30\s?[-–—]|[-–—(]*\s*(?:ENDS?|FIN|ENDE|КОНЕЦ)\s*[-–—)]*\.?|[-–—]\s?0\s?[-–—]|X{3,})$")


#: The paragraph that opens a press-release wire's closing block, as AP and other wires pass the
#: releases on: Business Wire's "View source version on businesswire.com: <url>" (then CONTACT:,
#: KEYWORD:, INDUSTRY KEYWORD:, SOURCE:, "Copyright Business Wire 2024.", PUB:/DISC: lines), PR
#: Newswire's "View original content to download multimedia: <url>" (then "SOURCE Company").
_RELEASE_TRAILER = re.compile(
    r"^(?:View source version on businesswire\.com|View original content(?: to download multimedia)?)\s*:\s*\S*",
    re.IGNORECASE,
)


def drop_credit_trailer(body: str) -> str:
    """The body without a last paragraph that is only a credit line (see _CREDIT_TRAILER), nor one
    that only marks the end of the copy (_END_MARKER); a credit line before an end marker goes too;
    nor a press-release wire's closing block (_RELEASE_TRAILER and all after it)."""
    paras = body.split("\n\n")
    cut = next((i for i, p in enumerate(paras) if i and _RELEASE_TRAILER.match(p.strip())), None)
    if cut is not None:
        body = "\n\n".join(paras[:cut])
    head, sep, last = body.rpartition("\n\n")
    if sep and head.strip() and _END_MARKER.match(last.strip()):
        body = head
        head, sep, last = body.rpartition("\n\n")
    return head if sep and head.strip() and _CREDIT_TRAILER.match(last.strip()) else body


#: Words a byline's names may hold in lower case ("By Jane Doe and John Roe", "By Ahmed al-Masri",
#: "By Reuters staff").
_BYLINE_LOWER = frozenset(
    "and und et y e in de da das do dos del della di du des la le van von der den ter al el bin ibn ben bint "
    "of for staff correspondent correspondents writer writers reporter reporters editor dpa epd kna apa sda".split())
_BYLINE_LEAD = re.compile(r"^(?:by|par|von|por|от|di)\s+(?=\S)", re.IGNORECASE)


def is_byline(paragraph: str) -> bool:
    """A paragraph that is only a byline: "By Jane Doe, Associated Press", "By JOSEF FEDERMAN and
    SAMY MAGDY", "Par Marie Dupont (AFP)", "Von Hans Meier, dpa". Not a sentence that starts with
    "By" ("By Monday, troops had withdrawn from the city."): at most ten words, no closing full stop,
    every word a name (capitalised), a connector or a title word (_BYLINE_LOWER)."""
    text = paragraph.strip()
    lead = _BYLINE_LEAD.match(text)
    if lead is None or text.endswith((".", "!", "?", ":", ";")) or "\n" in text:
        return False
    words = [w.strip("()[],'\"-–—") for w in text[lead.end():].split()]
    words = [w for w in words if w]
    if not 1 <= len(words) <= 10 or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in _BYLINE_LOWER or w.lower().startswith(("al-", "el-"))
               for w in words)


#: Language names some producers write where a code belongs (podcast and CMS feeds' ``<language>English
#: </language>``, agency JSON's ``"language": "Deutsch"``): the English name and the language's own,
#: lower-cased, -> the ISO 639-1 code.
_LANGUAGE_NAMES = {
    name: code
    for code, names in {
        "en": ("english",), "fr": ("french", "français", "francais"), "de": ("german", "deutsch"),
        "es": ("spanish", "español", "espanol", "castellano"), "it": ("italian", "italiano"),
        "pt": ("portuguese", "português", "portugues"), "nl": ("dutch", "nederlands"),
        "ar": ("arabic", "العربية", "عربي"), "ru": ("russian", "русский"), "uk": ("ukrainian", "українська"),
        "zh": ("chinese", "中文"), "ja": ("japanese", "日本語"), "ko": ("korean", "한국어"),
        "tr": ("turkish", "türkçe"), "fa": ("persian", "farsi", "فارسی"), "he": ("hebrew", "עברית"),
        "hi": ("hindi", "हिन्दी"), "ur": ("urdu", "اردو"), "sv": ("swedish", "svenska"),
        "nb": ("norwegian bokmål",), "no": ("norwegian", "norsk"), "da": ("danish", "dansk"),
        "fi": ("finnish", "suomi"), "pl": ("polish", "polski"), "el": ("greek", "ελληνικά"),
        "cs": ("czech", "čeština"), "sk": ("slovak", "slovenčina"), "hu": ("hungarian", "magyar"),
        "ro": ("romanian", "română"), "bg": ("bulgarian", "български"), "sr": ("serbian", "српски"),
        "hr": ("croatian", "hrvatski"), "id": ("indonesian", "bahasa indonesia"), "ms": ("malay", "bahasa melayu"),
        "sw": ("swahili", "kiswahili"), "am": ("amharic", "አማርኛ"), "so": ("somali", "soomaali"),
        "ha": ("hausa",), "ps": ("pashto", "پښتو"), "ku": ("kurdish", "kurdî"), "hy": ("armenian", "հայերեն"),
        "ka": ("georgian", "ქართული"), "az": ("azerbaijani", "azərbaycan"), "vi": ("vietnamese", "tiếng việt"),
        "th": ("thai", "ไทย"), "bn": ("bengali", "bangla", "বাংলা"), "ta": ("tamil", "தமிழ்"),
    }.items()
    for name in names
}

#: ISO 639-2 / 639-3 codes (Event Registry's ``"lang": "eng"``, library and broadcast metadata) of the
#: languages above: BCP 47 uses the two-letter code where there is one.
_LANGUAGE_CODES3 = {
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "ita": "it", "por": "pt",
    "nld": "nl", "dut": "nl", "ara": "ar", "rus": "ru", "ukr": "uk", "zho": "zh", "chi": "zh", "jpn": "ja",
    "kor": "ko", "tur": "tr", "fas": "fa", "per": "fa", "heb": "he", "hin": "hi", "urd": "ur", "swe": "sv",
    "nob": "nb", "nor": "no", "dan": "da", "fin": "fi", "pol": "pl", "ell": "el", "gre": "el", "ces": "cs",
    "cze": "cs", "slk": "sk", "slo": "sk", "hun": "hu", "ron": "ro", "rum": "ro", "bul": "bg", "srp": "sr",
    "hrv": "hr", "ind": "id", "msa": "ms", "may": "ms", "swa": "sw", "amh": "am", "som": "so", "hau": "ha",
    "pus": "ps", "kur": "ku", "hye": "hy", "arm": "hy", "kat": "ka", "geo": "ka", "aze": "az", "vie": "vi",
    "tha": "th", "ben": "bn", "tam": "ta",
}

#: Country codes that sites write where the language code belongs and that are no ISO 639-1 code
#: themselves: Ukrainian sites' ``<language>ua</language>`` (Ukrainian is ``uk``), ``cn``, ``jp``, ``cz``,
#: ``gr``, ``il``, ``ir``, ``by``, ``rs``, ``vn``, ``kz``, ``ge``, ``al``, ``dk``, ``ee``... -> the
#: country's language (formats round 10). Codes that are also languages (``se`` Sami, ``kr`` Kanuri,
#: ``am`` Amharic, ``br`` Breton) are left alone.
_COUNTRY_AS_LANGUAGE = {
    "ua": "uk", "cn": "zh", "jp": "ja", "cz": "cs", "gr": "el", "il": "he", "ir": "fa", "by": "be", "rs": "sr",
    "vn": "vi", "kz": "kk", "ge": "ka", "al": "sq", "dk": "da", "at": "de", "us": "en", "gb": "en", "md": "ro",
    "tj": "tg", "kp": "ko",
}


#: "English (US)", "English - United Kingdom": a language name with a country after it.
_NAMED_REGION = re.compile(r"^(?P<name>[^\W\d_][^()\-,]*?)\s*(?:\(.*\)|[-,].*)$")


def language_tag(value: str | None) -> str | None:
    """A producer's language as a BCP 47 tag: ``en_US`` (a locale) is ``en-US``, ``FR`` is ``fr``
    (the language subtag lower-cased; the rest as written), ``eng`` / ``fra`` (ISO 639-2) are ``en`` /
    ``fr``, ``English`` / ``Français`` / ``English (US)`` are ``en`` / ``fr`` / ``en``. Anything else is
    kept as written."""
    tag = (value or "").strip().replace("_", "-")
    if not tag:
        return None
    name = tag.casefold()
    named = _LANGUAGE_NAMES.get(name)
    if named is None and (region := _NAMED_REGION.match(name)):
        named = _LANGUAGE_NAMES.get(region["name"].strip())
    if named is not None:
        return named
    primary, sep, rest = tag.partition("-")
    primary = _LANGUAGE_CODES3.get(primary.lower(), primary)
    if primary.lower() in _COUNTRY_AS_LANGUAGE and len(primary) == 2:
        primary = _COUNTRY_AS_LANGUAGE[primary.lower()]  # "ua" (the country) -> "uk" (Ukrainian)
    return primary.lower() + sep + rest if primary.isascii() and primary.isalpha() and len(primary) <= 3 else tag


#: Times that systems write for "no time": the Unix epoch (a null timestamp through ``strftime``,
#: ``Thu, 01 Jan 1970 00:00:00 GMT``) and SQL Server's empty date, 1900-01-01 00:00.
_PLACEHOLDER_TIMES = (datetime(1970, 1, 1, tzinfo=timezone.utc), datetime(1900, 1, 1, tzinfo=timezone.utc))


def is_placeholder_time(value: datetime) -> bool:
    """A time that stands for none: the epoch, 1900-01-01 00:00, or before 1900 (Go's and .NET's
    zero time, ``0001-01-01T00:00:00Z``): no wire story is that old."""
    when = as_utc(value)
    return when.year < 1900 or when in _PLACEHOLDER_TIMES


#: An HTML character reference, named or numeric, with its semicolon.
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_char_refs(text: str) -> str:
    """A plain-text line with the HTML character references a producer escaped it with decoded
    (ninjs ``"headline": "Talks &amp; truce"``, NewsML-G2 and JSON headlines written through an HTML
    escaper; formats round 10). Only complete references (``&amp;``, ``&#8217;``, ``&#x2019;``) are
    read; "AT&T" and "R&D;" stay as they are."""
    if "&" not in text:
        return text
    return _CHAR_REF.sub(lambda m: html.unescape(m.group(0)), text)


_NBSP_RUN = re.compile(r"[ \t]*\xa0[ \t\xa0]*")
_EDGE_SPACE = re.compile(r"^ +| +$", re.MULTILINE)


def decode_body_char_refs(body: str) -> str:
    """The body with HTML character references left in its text decoded (:func:`decode_char_refs`),
    a no-break space among them read as a space. Text already read from its markup keeps a reference
    only when the producer escaped it once more than it says: Blogger's ``<summary type="text">``
    of ``pattern...&amp;nbsp; So``, AllAfrica's CDATA HTML of ``Merck &#x26;amp; Co.``."""
    if "&" not in body or not _CHAR_REF.search(body):
        return body
    text = _EDGE_SPACE.sub("", _NBSP_RUN.sub(" ", decode_char_refs(body)))
    from agents.formats.newsml import html_to_text, looks_like_markup  # newsml imports this module

    if looks_like_markup(text):
        # What was escaped is the markup itself, from start to end (a NITF body.content of
        # "&amp;lt;p&amp;gt;...": Opennemas' export): read as HTML, never kept as tags.
        text = html_to_text(text)
    return text


def drop_opening_byline(body: str) -> str:
    """The body without a first paragraph that is only a byline ("By JOSEF FEDERMAN and SAMY MAGDY",
    "By Jane Doe, Associated Press": :func:`is_byline`), as CMSs put it before the dateline; the
    dateline is then the body's start, and gives the place (formats round 10)."""
    first, sep, rest = body.partition("\n\n")
    return rest if sep and rest.strip() and is_byline(first) else body


def make_item(
    *,
    source: str,
    guid: str | None,
    fmt: str,
    headline: str,
    body: str,
    published: datetime | None,
    received: datetime,
    raw: bytes,
    subheadline: str | None = None,
    version: int = 1,
    language: str | None = None,
    link: str | None = None,
    located: str | None = None,
    pubstatus: str = "usable",
) -> WireItem:
    """Build a WireItem, filling the ids and hashes every format needs the same way.

    Without a guid the story is identified by its text (so a re-send of the
    same text gets the same id). Without a story time, the receive time stands
    in: an item is never dropped just for lacking a date. Without a located, the
    place of the dateline the body opens with ("KYIV, Ukraine (AP) — ...").
    """
    headline = drop_headline_flag(collapse_whitespace(decode_char_refs(repair_mojibake(c1_as_cp1252(drop_bidi_controls(headline))))))
    body = drop_credit_trailer(drop_opening_byline(drop_opening_notice(
        decode_body_char_refs(repair_mojibake(c1_as_cp1252(drop_bidi_controls(body)))).strip())))
    if subheadline is not None:
        subheadline = decode_char_refs(repair_mojibake(c1_as_cp1252(drop_bidi_controls(subheadline)))).strip() or None
    if language is not None:
        language = language_tag(language)
    if not headline and not body:
        raise ParseError("invalid_item", "item has neither headline nor body text")
    if not located:
        # Plain wire text, feed descriptions, JSON bodies: the place is only in the opening dateline.
        from agents.formats.newsml import opening_dateline_place  # newsml imports this module

        located = opening_dateline_place(body)
    if published is not None and is_placeholder_time(published):
        published = None  # a null timestamp written out: the receive time is the better guess
    chash = content_hash(headline, body)
    guid = (guid or "").strip() or f"text:{chash}"
    return WireItem(
        id=story_id(source, guid),
        version=version,
        source=source,
        guid=guid,
        format=fmt,
        headline=headline,
        subheadline=subheadline,
        body=body,
        published=as_utc(published) if published else as_utc(received),
        received=as_utc(received),
        language=language,
        link=link,
        located=located,
        pubstatus=pubstatus,  # type: ignore[arg-type]
        content_hash=chash,
        payload_hash=payload_hash(raw),
    )
