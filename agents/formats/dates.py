"""Date and time readers shared by every format parser: one definition per rule.

* :func:`parse_datetime` -- ISO 8601 date or date-time (NewsML-G2, ninjs, JSON), also the basic
  format, an RFC 9557 zone name after the offset, and, as a fallback, the free-form dates below.
* :func:`parse_compact_datetime` -- NITF ``norm`` / NewsML 1.x compact ISO 8601.
* :func:`feed_date` -- a feed's free-form date (RFC 822 and its real-world variants: localised
  month names, ``2024/03/01``, CJK dates, AM/PM, zone names), or None.

Without a zone a time is UTC (as everywhere here). A zone name not known here makes the date
unreadable (None: the receive time stands in) rather than silently UTC.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedparser.datetimes import _parse_date as feedparser_parse_date
from pydantic import TypeAdapter, ValidationError

from agents.calendar_words import MONTHS
from agents.formats.base import ParseError

_DT = TypeAdapter(datetime)

_COMPACT_DATE = re.compile(
    r"^(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?$"
)


def parse_compact_datetime(value: str | None) -> datetime | None:
    """NITF ``norm`` and NewsML 1.x dates: ``20151210T191044Z``, ``2021-05-16T09:00:04``,
    ``20210516T080625+0000``, ``20080219+0100``, ``20030101`` (ISO 8601 basic or extended).

    Without an offset the time is taken as UTC (as every format here does). An
    unreadable value is ignored (the next date, or the receive time, stands in).
    """
    m = _COMPACT_DATE.match((value or "").strip())
    if not m:
        return None
    year, month, day, hour, minute, second, offset = m.groups()
    try:
        when = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if not offset or offset == "Z":
        return when.replace(tzinfo=timezone.utc)
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    if delta >= timedelta(hours=24):
        return None
    return when.replace(tzinfo=timezone(delta if offset[0] == "+" else -delta))


def parse_datetime(value: str | None, what: str) -> datetime | None:
    """ISO 8601 date or date-time (NewsML-G2 DateOptTimeType), or ParseError.

    ISO 8601's basic format (``20160923T135728Z``) and an offset after a space
    (``2016-09-23T13:57:28 +0000``) are read too (:func:`parse_compact_datetime`): ninjs
    and G2 exporters copy NITF-style dates into these fields.
    """
    if value is None or not value.strip():
        return None
    value = _drop_z_after_offset(value)
    if re.fullmatch(r"\d{8}(?:T.*)?", value.strip()):
        # Basic format first: pydantic reads a string of digits as Unix seconds ("20160923": 1970-08-22).
        when = parse_compact_datetime(value)
        if when is None:
            raise ParseError("invalid_item", f"{what} is not an ISO 8601 date/time: {value[:60]!r}")
        return when
    try:
        return _DT.validate_python(value.strip())
    except ValidationError as exc:
        when = parse_compact_datetime(value) or _zone_id_or_rfc822(value.strip())
        if when is not None:
            return when
        raise ParseError("invalid_item", f"{what} is not an ISO 8601 date/time: {value[:60]!r}") from exc


#: An offset and then a "Z" ("2024-03-01T10:00:00+03:00Z", as some exporters append the zone letter to any
#: time): the offset is the time's, the letter a leftover (read as UTC it was three hours off).
_OFFSET_Z = re.compile(r"(.*\d[T ]?\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s?[+-]\d{2}(?::?\d{2})?)Z$")


def _drop_z_after_offset(value: str) -> str:
    m = _OFFSET_Z.fullmatch(value.strip())
    return m.group(1) if m else value


#: An ISO 8601 time with its offset and then a zone name in brackets (RFC 9557; Java's
#: ZonedDateTime.toString(): "2024-03-01T10:00+01:00[Europe/Berlin]"): the offset is the time.
_ZONE_ID_SUFFIX = re.compile(r"(.+?(?:Z|[+-]\d{2}(?::?\d{2})?))\[[\w/+.-]{1,64}\]")


#: Microsoft's JSON date (ASP.NET AJAX, WCF's DataContractJsonSerializer, SharePoint and other .NET news
#: APIs): ``/Date(1709287200000)/``, ``/Date(1709287200000+0100)/`` (also with JSON's escaped slashes
#: left in: ``\/Date(...)\/``): milliseconds since the epoch, UTC; the offset only names the sender's zone.
_MS_JSON_DATE = re.compile(r"^\\?/Date\((-?\d{1,15})([+-]\d{4})?\)\\?/$")


def ms_json_date(value: str) -> datetime | None:
    """A Microsoft JSON date (:data:`_MS_JSON_DATE`) as UTC, or None (formats round 10)."""
    m = _MS_JSON_DATE.match(value.strip())
    if m is None:
        return None
    try:
        return datetime.fromtimestamp(int(m.group(1)) / 1000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _zone_id_or_rfc822(value: str) -> datetime | None:
    """A date-time ISO 8601 readers refuse that exporters write in these fields: an RFC 9557 zone
    name after the offset, or a feed-style date (``Fri, 01 Mar 2024 10:00:00 +0100``, copied from a
    feed: :func:`feed_date`); None if it is neither."""
    if (when := ms_json_date(value)) is not None:
        return when
    m = _ZONE_ID_SUFFIX.fullmatch(value)
    if m:
        try:
            return _DT.validate_python(m.group(1))
        except ValidationError:
            return None
    if not re.search(r"[A-Za-z]{3}", value) or len(value) > 64 or re.match(r"\d{4}-\d", value):
        return None  # (an ISO 8601 form the strict readers refused is no date: feedparser's is lax)
    return feed_date(value) or loose_date(value)



_MONTHS = {m[:3]: i for i, m in enumerate(MONTHS, start=1)}
_TIME = r"(?:,?\s+(?:at\s+|-\s+|@\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?\s*(Z|GMT|UTC|[+-]\d{2}:?\d{2}|[A-Z]{3,4})?"
#: North American zone names in the loose layouts ("Sep 20, 2026 10:00 AM EDT"); the others: _NAMED_ZONES.
_US_ZONES = {"EDT": "-0400", "EST": "-0500", "CDT": "-0500", "CST": "-0600", "MDT": "-0600", "MST": "-0700",
             "PDT": "-0700", "PST": "-0800", "AKDT": "-0800", "AKST": "-0900", "HST": "-1000"}
_LOOSE_DATES = (
    # "Friday, January 29, 2021 04:42 PM", "January 29, 2021", "Jan. 29 2021 16:42"
    ("mdy", re.compile(r"^(?:[A-Za-z]+\.?,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME + "$")),
    # "22.11.2022 12:16:00" (Central/Eastern European), "22/11/2022 12:16"
    ("dmy", re.compile(r"^(?:[A-Za-z]+\.?,?\s+)?(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})" + _TIME + "$")),
    # Drupal's default medium date: "Fri, 05/03/2019 - 15:21" (month first); "20-09-2026 10:00" (dashes)
    ("mdy-num", re.compile(r"^(?:[A-Za-z]+\.?,?\s+)?(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:\s+-)?" + _TIME + "$")),
)


# Month and weekday names of feeds that localise their RFC 822 dates ("Fr, 01 Mär 2024",
# "vie, 01 mar 2024", "ven., 01 mars 2024", "Пт, 01 мар 2024"): month -> English, weekday -> dropped.
_LOCAL_MONTHS = {
    "jan": ("jän", "jänner", "januar", "ene", "enero", "janv", "janvier", "gen", "gennaio", "janeiro", "янв", "января", "січ", "sty",
            "січня", "oca", "ocak", "يناير", "ژانویه"),
    "feb": ("februar", "febrero", "févr", "fév", "fevr", "février", "febbraio", "fev", "fevereiro", "фев", "февраля", "лют", "lut",
            "лютого", "şub", "şubat", "فبراير", "فوریه"),
    "mar": ("mär", "märz", "marz", "marzo", "mars", "março", "мар", "марта", "бер", "березня", "mart", "مارس"),
    "apr": ("abr", "abril", "avr", "avril", "aprile", "апр", "апреля", "кві", "kwi", "квітня", "nis", "nisan", "أبريل", "ابريل", "آوریل"),
    "may": ("mai", "mayo", "mag", "maggio", "maio", "мая", "май", "тра", "maj", "травня", "mayıs", "مايو", "مه"),
    "jun": ("juni", "junio", "juin", "giu", "giugno", "junho", "июн", "июня", "чер", "cze", "червня", "haz", "haziran", "يونيو", "ژوئن"),
    "jul": ("juli", "julio", "juil", "juillet", "lug", "luglio", "julho", "июл", "июля", "лип", "lip", "липня", "tem", "temmuz",
            "يوليو", "ژوئیه"),
    "aug": ("ago", "agosto", "août", "aout", "авг", "августа", "сер", "sie", "серпня", "ağu", "ağustos", "أغسطس", "اغسطس", "اوت"),
    "sep": ("sept", "september", "septembre", "septiembre", "set", "settembre", "setembro", "сен", "сентября", "вер", "wrz", "вересня", "eyl",
            "eylül", "سبتمبر", "سپتامبر"),
    "oct": ("okt", "oktober", "octubre", "octobre", "ott", "ottobre", "out", "outubro", "окт", "октября", "жов", "paź", "жовтня",
            "eki", "ekim", "أكتوبر", "اكتوبر", "اکتبر"),
    "nov": ("november", "noviembre", "novembre", "novembro", "ноя", "ноября", "лис", "lis", "листопада", "kas", "kasım", "نوفمبر",
            "نوامبر"),
    "dec": ("dez", "dezember", "dic", "diciembre", "déc", "dec.", "décembre", "dicembre", "dezembro", "дек", "декабря", "гру", "gru",
            "грудня", "ara", "aralık", "ديسمبر", "دسامبر"),
}  # fmt: skip
#: Formats round 10: Polish, Czech, Slovak, Dutch, Scandinavian, Romanian, Hungarian, Greek, Serbian /
#: Croatian / Bosnian, Bulgarian, Indonesian / Malay and Hebrew month names and abbreviations, and the
#: Russian and Ukrainian nominatives (the genitives are above).
_MORE_MONTHS = {
    "jan": ("stycznia", "styczeń", "styczen", "led", "ledna", "leden", "januára", "januari", "januar", "ian", "ianuarie",
            "január", "ιαν", "ιανουαρίου", "ιανουάριος", "јан", "јануар", "januar", "siječnja", "siječanj", "яну", "януари",
            "ינואר", "январь", "січень"),
    "feb": ("lutego", "luty", "úno", "února", "únor", "februára", "februari", "febr", "februarie", "február", "φεβ",
            "φεβρουαρίου", "φεβρουάριος", "феб", "фебруар", "veljače", "veljača", "фев", "февруари", "פברואר", "февраль",
            "лютий", "pebrero"),
    "mar": ("marca", "marzec", "bře", "března", "březen", "marca", "maart", "mrt", "martie", "márc", "március", "μαρ",
            "μαρτίου", "μάρτιος", "мар", "март", "mart", "ožujka", "ožujak", "maret", "מרץ", "березень"),
    "apr": ("kwietnia", "kwiecień", "dub", "dubna", "duben", "apríla", "aprilie", "ápr", "április", "απρ", "απριλίου",
            "απρίλιος", "апр", "април", "travnja", "travanj", "אפריל", "апрель", "квітень"),
    "may": ("maja", "kvě", "května", "květen", "mája", "mei", "maj", "máj", "május", "μαΐ", "μαϊ", "μαι", "μαΐου", "μάιος",
            "мај", "svibnja", "svibanj", "מאי", "травень"),
    "jun": ("czerwca", "czerwiec", "čvn", "června", "červen", "júna", "iun", "iunie", "jún", "június", "ιουν", "ιουνίου",
            "ιούνιος", "јун", "lipnja", "lipanj", "юни", "יוני", "июнь"),
    "jul": ("lipca", "lipiec", "čvc", "července", "červenec", "júla", "iul", "iulie", "júl", "július", "ιουλ", "ιουλίου",
            "ιούλιος", "јул", "srpnja", "srpanj", "юли", "יולי", "июль", "липень"),
    "aug": ("sierpnia", "sierpień", "srp", "srpna", "srpen", "augusta", "augustus", "augusti", "augusztus", "αυγ",
            "αυγούστου", "αύγουστος", "авг", "август", "avgust", "kolovoza", "kolovoz", "agustus", "agu", "ogos", "אוגוסט",
            "серпень"),
    "sep": ("września", "wrzesień", "zář", "září", "septembra", "septembrie", "szept", "szeptember", "σεπ", "σεπτεμβρίου",
            "σεπτέμβριος", "сеп", "септембар", "septembar", "rujna", "rujan", "септември", "ספטמבר", "сентябрь", "вересень"),
    "oct": ("października", "październik", "říj", "října", "říjen", "októbra", "oct", "octombrie", "október", "οκτ",
            "οκτωβρίου", "οκτώβριος", "окт", "октобар", "oktobar", "октомври", "אוקטובר", "октябрь",
            "жовтень"),
    "nov": ("listopadu", "novembra", "noi", "noiembrie", "νοε", "νοεμβρίου", "νοέμβριος", "нов", "новембар", "novembar",
            "studenoga", "studeni", "ное", "ноември", "נובמבר", "ноябрь",
            "listopada", "listopad"),  # Polish and Czech November (Croatian's October "listopad" loses)
    "dec": ("grudnia", "grudzień", "pro", "prosince", "prosinec", "decembra", "decembrie", "δεκ", "δεκεμβρίου",
            "δεκέμβριος", "дец", "децембар", "decembar", "prosinca", "декември", "desember", "des", "disember", "דצמבר",
            "декабрь", "грудень"),
}  # fmt: skip
# Hebrew writes the month with the preposition ("1 בינואר 2024": "on January").
for _en, _words in list(_MORE_MONTHS.items()):
    _MORE_MONTHS[_en] = _words + tuple("ב" + w for w in _words if "\u05d0" <= w[:1] <= "\u05ea")
for _en, _words in _MORE_MONTHS.items():
    _LOCAL_MONTHS[_en] = _LOCAL_MONTHS[_en] + tuple(w for w in _words if w not in _LOCAL_MONTHS[_en])
_MONTH_WORDS = {word: en for en, words in _LOCAL_MONTHS.items() for word in words}
_ENGLISH_WEEKDAYS = frozenset(
    "mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday".split()
)
_WEEKDAY_PREFIX = re.compile(r"^[^\W\d_]{2,12}\.?[,،]\s*")  # "vie, ", Arabic "الأحد، "
#: A weekday without a comma before the day ("dimanche 20 septembre 2026"): dropped once a month name was.
_WORD_BEFORE_DAY = re.compile(r"^[^\W\d_]{2,12}\.?\s+(?=\d)")
_LOCAL_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,13})\.?(?![^\W\d_])")
#: 2024/03/01 and 2024.03.01 (Korean, Chinese sites): feedparser reads both as December 1st.
_SLASH_DATE = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\.?(?=$|[ T])")
#: Chinese / Japanese / Korean dates: 2026年9月20日 10:00, 2026년 9월 20일 (feedparser: December 1st).
_CJK_DATE = re.compile(
    r"^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]\s*(?:[(（][^)）]{1,3}[)）])?\s*"
    r"(?:(\d{1,2})\s*[:時시]\s*(\d{2})(?:\s*[:分분]\s*(\d{2}))?\s*[秒초]?)?")
#: Words between a date and its time: "20 septembre 2026 à 10h00", "20 сентября 2026 в 10:00",
#: "20 de marzo de 2024 a las 10:00", "20. März 2024 um 10:00", "20 marzo 2024 alle 10:00",
#: and a comma there ("20 сентября 2026, 10:00"); French 10h00 is 10:00.
_BEFORE_TIME = re.compile(r"(\d{4})(?:,|\s+[-\u2013|]|\s+(?:à|a las|a la|às|as|в|о|um|alle|saat|at|om|kl\.?|o|godz\.?|v|в))?\s+(?=\d{1,2}(?::|h\d\d))")
_YEAR_FIRST_MONTH_WORD = re.compile(r"^(\d{4})\.?\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{1,2})\.?(?=\s|$)")
_FRENCH_HOUR = re.compile(r"(?<=\d)h(?=\d\d\b)")
#: Zone names feedparser does not know (it reads them as UTC), as offsets. Abbreviations are not
#: unique; the meanings chosen here are those of the news sites that write them:
#: IST is India (+05:30), not Irish Summer or Israel Standard Time (Israeli sites write IDT/+02:00);
#: BST is British Summer Time (+01:00), not Bangladesh; GST the Gulf (+04:00); AST stays
#: feedparser's Atlantic (-04:00); CST stays US Central (-06:00), not China. A zone name in neither
#: this table nor feedparser's makes the date unreadable (see feed_date), never UTC.
_NAMED_ZONES = {
    # Europe
    "CET": "+0100", "CEST": "+0200", "MEZ": "+0100", "MESZ": "+0200", "EET": "+0200", "EEST": "+0300",
    "WET": "+0000", "WEST": "+0100", "BST": "+0100", "IST": "+0530", "MSK": "+0300", "TRT": "+0300",
    # Africa
    "WAT": "+0100", "CAT": "+0200", "SAST": "+0200", "EAT": "+0300",
    # Middle East, South and Central Asia
    "IDT": "+0300", "GST": "+0400", "IRST": "+0330", "AFT": "+0430", "PKT": "+0500", "NPT": "+0545",
    "GET": "+0400", "AZT": "+0400", "UZT": "+0500",
    # East and South-East Asia, Oceania
    "ICT": "+0700", "WIB": "+0700", "HKT": "+0800", "SGT": "+0800", "MYT": "+0800", "PHT": "+0800",
    "AWST": "+0800", "JST": "+0900", "KST": "+0900", "ACST": "+0930", "ACDT": "+1030", "AEST": "+1000",
    "AEDT": "+1100", "NZST": "+1200", "NZDT": "+1300",
    # The Americas (besides the US names feedparser knows)
    "BRT": "-0300", "ART": "-0300", "CLT": "-0400", "COT": "-0500", "PET": "-0500", "VET": "-0400",
    "NST": "-0330", "NDT": "-0230", "AKST": "-0900", "AKDT": "-0800", "HST": "-1000",
}  # fmt: skip
#: The zone names feedparser itself reads (RFC 822's, military letters, MET/MEST), upper case.
_FEEDPARSER_ZONES = frozenset({
    "UT", "UTC", "GMT", "Z", "ADT", "AST", "AT", "EDT", "EST", "ET", "CDT", "CST", "CT", "MDT", "MST", "MT",
    "PDT", "PST", "PT", "MET", "MEST",
})  # fmt: skip
#: A zone name after the time ("17:30:00 XYZ", "5:30 (CAT)", "EST5EDT", "Europe/Berlin").
_TRAILING_ZONE_NAME = re.compile(r"\d:\d\d(?::\d\d)?\s*\(?([A-Za-z][A-Za-z0-9]{1,6}|[A-Za-z]+/[A-Za-z_/-]{2,30})\)?$")
#: Java's Date.toString() (feeds written by Java programs): "Tue Dec 03 17:30:00 CET 2024".
_JAVA_DATE = re.compile(r"^([A-Za-z]{3}) ([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{1,2}:\d{2}:\d{2}) ([A-Za-z]{2,5}) (\d{4})$")
#: A word for "o'clock" after a time: German "17:30 Uhr", Dutch "uur", Indian and military "hrs".
_CLOCK_WORD = re.compile(r"(\d:\d\d(?::\d\d)?)\s*(?:Uhr|uur|hrs?\.?|hours)(?=[\s,]|$)", re.IGNORECASE)
#: A label before the date, as CMSs print it into the field: "Updated: ", "Published: ".
_DATE_LABEL = re.compile(r"^(?:last\s+)?(?:updated|published|posted|modified)(?:\s+on)?\s*:?\s+", re.IGNORECASE)
_YEAR_COMMA_TIME = re.compile(r"(?<=\s)(\d{4}),\s*(?=\d{1,2}:\d\d)")
#: A 12-hour time: "5:30 PM", "5:30pm", "5:30 p.m." (AP style), "05:30:00 am".
_TWELVE_HOUR = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?\s?[Mm]\.?(?=[\s,]|$)")
_NAMED_ZONE = re.compile(r"\s\(?(" + "|".join(_NAMED_ZONES) + r")\)?$")


#: A date longer than this is no date (the rewriting below and feedparser's own readers would
#: scan a 100 KB "pubDate" several times over for nothing).
MAX_DATE_CHARS = 200


def normalised_date(value: Any) -> str | None:
    """The date rewritten for feedparser when it would misread it, else None.

    Localised RFC 822 dates (month names translated, the weekday dropped), ``2024/03/01 10:00``
    (feedparser reads it as December 1st) as ISO 8601, and zone names it does not know
    (``CEST``: read as UTC) as offsets.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_DATE_CHARS:
        return None
    text = " ".join(value.split())
    changed = text
    cjk = _CJK_DATE.match(changed)
    if cjk:
        y, mo, d, h, mi, sec = cjk.groups()
        rest = changed[cjk.end():].strip()
        changed = f"{y}-{int(mo):02d}-{int(d):02d}T{int(h or 0):02d}:{int(mi or 0):02d}:{int(sec or 0):02d}"
        changed += rest if re.fullmatch(r"Z|[+-]\d{2}:?\d{2}", rest) else ""
        return changed
    m = _SLASH_DATE.match(changed)
    if m:
        changed = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" + changed[m.end():]
    weekday = _WEEKDAY_PREFIX.match(changed)
    if weekday and weekday.group(0).rstrip(" ,.،").lower() not in _ENGLISH_WEEKDAYS:
        changed = changed[weekday.end():]  # "vie, 01 mar 2024", "Sáb, 01 Jun 2019"
    if any(w.lower() in _MONTH_WORDS for w in _LOCAL_WORD.findall(changed)):
        changed = _WEEKDAY_PREFIX.sub("", changed)
        # (not a month name itself: English "September 20, 2026" / "November 3, 2024" share their
        # month words with German, and lost the month here)
        changed = _WORD_BEFORE_DAY.sub(lambda w: w.group(0) if w.group(0).rstrip(". ").lower() in _MONTH_WORDS else "", changed)
        changed = _LOCAL_WORD.sub(lambda w: _MONTH_WORDS.get(w.group(1).lower(), w.group(0)), changed)
        changed = re.sub(r"\s(?:de|del)\s", " ", changed)  # "5 de marzo de 2024"
        changed = re.sub(r"(?<=\d)\.(?=\s)", "", changed)  # "20. März 2024"
        changed = _FRENCH_HOUR.sub(":", _BEFORE_TIME.sub(r"\1 ", changed))
    # The year first, then a month word: Hungarian "2024. március 1. 10:00", "2024 Mar 01 10:00"
    # (feedparser: December 1st).
    changed = _YEAR_FIRST_MONTH_WORD.sub(
        lambda m: f"{m.group(3)} {m.group(2)} {m.group(1)}" if m.group(2).lower() in _MONTHS else m.group(0), changed)
    changed = _DATE_LABEL.sub("", changed)  # "Updated: Dec 3, 2024, 5:30 PM"
    changed = _DAY_ORDINAL.sub(r"\1", changed)  # "20th September 2026": unread
    # Ruby's Time#to_s "2026-09-20 10:00:00 UTC", Go's "2026-09-20 10:00:00 +0000 UTC": feedparser
    # kept the day and dropped the time.
    changed = _ISO_ZONE_WORD.sub(lambda m: f"{m.group(1)} {m.group(2) or '+0000'}", changed)
    changed = _SECONDS_FRACTION.sub("", changed)  # "20 Sep 2026 10:00:00.000 GMT": unread
    changed = _CLOCK_WORD.sub(r"\1", changed)  # "17:30 Uhr", "17:30 hrs IST"
    # The time first ("12:30 20/09/2026", "10:00, 20 Sep 2026": Arab, Indian, East European sites):
    # feedparser read the time alone, on today's date.
    changed = _TIME_FIRST.sub(r"\2 \1\3", changed)
    changed = _JAVA_DATE.sub(r"\1, \3 \2 \6 \4 \5", changed)  # feedparser: the zone dropped
    changed = _YEAR_COMMA_TIME.sub(r"\1 ", changed)  # "3 December 2024, 5:30 pm"
    changed = _TWELVE_HOUR.sub(_as_24_hours, changed)  # feedparser drops AM/PM (5:30 PM: 05:30)
    changed = _NO_SPACE_AFTER_WEEKDAY.sub(r"\1, ", changed)  # "Fri,01 Mar 2024": feedparser reads nothing
    changed = _RFC850_DATE.sub(_rfc850_as_rfc822, changed)  # "Friday, 01-Mar-24 10:00:00 GMT"
    changed = _GMT_OFFSET.sub(_gmt_offset, changed)  # "GMT+1", "UTC+05:30": read as UTC (or not at all)
    changed = _NAMED_ZONE.sub(lambda z: " " + _NAMED_ZONES[z.group(1)], changed)
    changed = _HOUR_OFFSET.sub(r" \g<1>00", changed)  # "+03": feedparser wants "+0300"
    return changed if changed != text else None


_TIME_FIRST = re.compile(r"^(\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)\s*[,|-]?\s+(.*?\d{4}(?:-\d{2}-\d{2})?)(?=\s|$)(.*)$")
#: A time of day and nothing else (feedparser puts it on today's date).
_TIME_ONLY = re.compile(r"^T?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:Z|[A-Z]{2,5}|[+-]\d{2}:?\d{2}))?$")
_DAY_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)(?=\s+[^\W\d_])", re.IGNORECASE)
_HOUR_OFFSET = re.compile(r"(?<=\d:\d\d)\s*([+-]\d{2})$")
#: An ISO-like date and time, then a zone word (after an offset, or alone: UTC / GMT).
_ISO_ZONE_WORD = re.compile(
    r"^(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(?:([+-]\d{2}:?\d{2})\s+(?:[A-Z]{2,5}|[+-]\d{2})|UTC|GMT)$")
#: Fractional seconds in an RFC 822-style date (not ISO 8601, whose readers take them).
_SECONDS_FRACTION = re.compile(r"(?<=[A-Za-z]{3} \d{4} \d\d:\d\d:\d\d)\.\d{1,9}(?=\s|$)")
_NO_SPACE_AFTER_WEEKDAY = re.compile(r"^([A-Za-z]{3,9}\.?),(?=\d)")
#: RFC 850 / the HTTP "obsolete" date (a full weekday, dashes, a two-digit year), as some feed
#: scripts print HTTP headers' dates: "Friday, 01-Mar-24 10:00:00 GMT".
_RFC850_DATE = re.compile(r"^(?:[A-Za-z]{3,9},\s*)?(\d{1,2})-([A-Za-z]{3})-(\d{4}|\d{2})(?=\s|$)")
#: An offset written after GMT / UTC: "GMT+1", "GMT-05:00", "UTC+0530".
_GMT_OFFSET = re.compile(r"\s(?:GMT|UTC|UT)\s?([+-])(\d{1,2})(?::?(\d{2}))?$")


def _as_24_hours(m: re.Match) -> str:
    hour, minute, second, half = m.groups()
    h = int(hour)
    if 1 <= h <= 12:  # ("17:30 PM", "0:30 AM": already 24-hour clock times)
        h = h % 12 + (12 if half in "Pp" else 0)
    return f"{h:02d}:{minute}:{second or '00'}"


def _rfc850_as_rfc822(m: re.Match) -> str:
    day, month, year = m.groups()
    if len(year) == 2:
        year = ("20" if int(year) < 50 else "19") + year  # RFC 2822's reading of obsolete two-digit years
    return f"{int(day):02d} {month} {year}"


def _gmt_offset(m: re.Match) -> str:
    sign, hours, minutes = m.groups()
    return f" {sign}{int(hours):02d}{minutes or '00'}"


def feedparser_date(value: str) -> time.struct_time | None:
    """feedparser's own date reading (RFC 822, ISO 8601, W3C-DTF...) of a string, as UTC."""
    try:
        parsed = feedparser_parse_date(value)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed if isinstance(parsed, time.struct_time) else None


def day_first(language: str | None) -> bool:
    """Whether a producer writing in ``language`` puts the day first in an all-numeric date
    (``05/03/2019``): everyone but the United States does (Brazil's ``pt-br``, ``fr``, ``en-GB``...).
    US English, and a bare ``en`` or no language at all, stay month first (Drupal's default date,
    written by US-made CMSs everywhere)."""
    tag = (language or "").strip().replace("_", "-").lower()
    return bool(tag) and tag not in ("en", "en-us", "es-us", "en-ph", "fil", "fil-ph")


def loose_date(value: Any, *, day_first: bool = False) -> datetime | None:
    """A date feedparser does not read, in one of the few layouts real feeds use instead of RFC 822.

    An all-numeric ``05/03/2019`` is month first, unless ``day_first`` (the producer's language:
    :func:`day_first`) or the first number cannot be a month; with dashes (``05-03-2019``) day first.
    No zone: UTC (as everywhere else).
    Anything else unreadable: None (the receive time stands in).
    """
    if not isinstance(value, str) or len(value) > MAX_DATE_CHARS:
        return None
    text = " ".join(value.split())
    for kind, pattern in _LOOSE_DATES:
        m = pattern.match(text)
        if not m:
            continue
        a, b, year, hour, minute, second, ampm, zone = m.groups()
        if kind == "mdy":
            month = _MONTHS.get(a[:3].lower())
            day = int(b)
            if month is None:
                return None
        elif kind == "dmy":
            day, month = int(a), int(b)
        else:
            month, day = int(a), int(b)
            # Day first: "20/09/2026" (European, Latin American, Arab sites), a producer whose language
            # writes it so, and dashes ("01-03-2024": Indian and European sites; US sites use slashes).
            dashed = _NUMERIC_DASH_DATE.match(text) is not None
            if month > 12 >= day or ((day_first or dashed) and day <= 12):
                month, day = day, month
        if zone and zone[0] not in "+-" and zone not in ("Z", "GMT", "UTC"):
            zone = _US_ZONES.get(zone) or _NAMED_ZONES.get(zone)
            if zone is None:
                return None  # a zone name not known here: no guess
        h = int(hour or 0)
        if ampm:
            h = h % 12 + (12 if ampm[0].lower() == "p" else 0)
        try:
            when = datetime(int(year), month, day, h, int(minute or 0), int(second or 0), tzinfo=timezone.utc)
        except ValueError:
            return None
        if zone and zone[0] in "+-":
            digits = zone[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            when -= delta if zone[0] == "+" else -delta
        return when
    return None


#: US sites' zone names without standard / daylight ("5:30 PM ET"): the offset is the date's
#: (feedparser takes ET as -05:00 all year). Without the tz database the date is unreadable.
_GENERIC_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}


def _unix_time(digits: str) -> datetime | None:
    if len(digits) not in (10, 13):
        return parse_compact_datetime(digits)  # 20241203 (ISO 8601 basic), or nothing
    seconds = int(digits) / (1000 if len(digits) == 13 else 1)
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _in_generic_zone(local: str, zone: str) -> datetime | None:
    wall = feed_date(local) or loose_date(local)  # read as UTC: the wall-clock time
    if wall is None:
        return None
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return wall.replace(tzinfo=tz).astimezone(timezone.utc)


_BRACKET_ZONE = re.compile(r"(.+?)\s*\[([A-Za-z][A-Za-z0-9_+/-]{1,40})\]")


def iso_date(value: str | None) -> datetime | None:
    """An ISO 8601 date-time (an HTML ``<time datetime>``), or None."""
    try:
        return parse_datetime(value, "feed date") if value else None
    except ParseError:
        return None


def json_time(value: Any, *, day_first: bool = False) -> datetime | None:
    """A JSON item's time: an ISO 8601 string (:func:`parse_datetime`) or a feed-style one
    (:func:`feed_date`, ``day_first`` as there), or a number (Unix seconds); None if it is none of them."""
    if isinstance(value, str):
        return iso_date(value.strip()) or feed_date(value, day_first=day_first)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return _DT.validate_python(value)
        except ValidationError:
            return None
    return None


#: A day and month (either order) and a four-digit year with dashes, as Indian and European sites print them.
_NUMERIC_DASH_DATE = re.compile(r"^(?:[A-Za-z]+\.?,?\s+)?\d{1,2}-\d{1,2}-\d{4}(?:\s|$)")


def feed_date(value: Any, *, loose: bool = True, day_first: bool = False) -> datetime | None:
    """A feed's date (RFC 822 and the variants real feeds write, ISO 8601, W3C-DTF), or None.

    feedparser's readers, on the date first rewritten where they would misread it
    (:func:`normalised_date`). Layouts they do not read at all: :func:`loose_date` (unless
    ``loose=False``: a caller with a better source to try first, Drupal's ``<time datetime>``);
    ``day_first`` as there.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_DATE_CHARS:
        return None
    if (when := ms_json_date(value)) is not None:
        return when
    value = _drop_z_after_offset(value)
    text = normalised_date(value) or " ".join(value.split())
    if text.isdigit():
        # Unix time in seconds or milliseconds (as JSON items and some scripts write it);
        # feedparser reads "1733247000" as the year 1733.
        return _unix_time(text)
    if _BRACKET_ZONE.fullmatch(text):
        # An RFC 9557 zone name ("2024-03-01T10:00+01:00[Europe/Berlin]"): with an offset, the
        # ISO readers read it (parse_datetime); without one it is unread there (ninjs, NewsML-G2),
        # so here too, not feedparser's UTC.
        return iso_date(text)
    zone = _TRAILING_ZONE_NAME.search(text)
    if zone and (zone.group(1).upper() in _GENERIC_ZONES or "/" in zone.group(1)):
        tz_name = _GENERIC_ZONES.get(zone.group(1).upper(), zone.group(1))  # or "Europe/Berlin"
        return _in_generic_zone(text[: zone.start(1)].rstrip(" ("), tz_name)
    if zone and zone.group(1).upper() not in _FEEDPARSER_ZONES:
        return None  # a zone name not known here ("XYZ", "EST5EDT"): feedparser would read it as UTC
    if _TIME_ONLY.match(text):
        return None  # "10:00": a time without its day (feedparser: today's date)
    if _NUMERIC_DASH_DATE.match(text):
        # "01-03-2024 10:00": feedparser reads it as 2001-03-20; the numeric layouts' reader instead.
        return loose_date(text, day_first=day_first) if loose else None
    if (iso := parse_compact_datetime(text)) is not None:
        return iso  # "2024-12-03 17:30:00 +0530": feedparser drops the offset's minutes
    parsed = feedparser_date(text)
    if parsed is None and re.search(r"[A-Za-z]{3}.*\d:\d\d(?::\d\d)?$", text):
        parsed = feedparser_date(text + " +0000")  # an RFC 822 date without its zone: UTC
    if parsed is not None:
        try:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None  # a nonsense year
    return loose_date(text, day_first=day_first) if loose else None  # the layouts feedparser does not read, as rewritten ("17:30 Uhr")
