"""Read a partner's document (RSS 2.0, Atom 1.0 with Media RSS, or ninjs) into plain items."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import escape

import defusedxml.ElementTree as SafeElementTree
import feedparser
from feedparser.exceptions import CharacterEncodingOverride

from articles.dates import PUBLICATION, DateOutOfRange
from articles.sanitize import remove_control_characters, strip_all_html

MEDIA_NS = "{http://search.yahoo.com/mrss/}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


class FeedError(Exception):
    """The document as a whole cannot be read; nothing in it was ingested."""


@dataclass(frozen=True)
class IngestPicture:
    """A lead picture offered by the source, with the words that must travel with it."""

    url: str
    caption: str = ""
    credit: str = ""
    copyright: str = ""


@dataclass(frozen=True)
class IngestItem:
    """One story as the source offers it, before it becomes one of ours."""

    guid: str
    headline: str = ""
    body_html: str = ""
    summary: str = ""
    link: str = ""
    byline: str = ""
    dateline: str = ""
    published_at: datetime | None = None
    updated_at: datetime | None = None
    #: The partner's embargo: nothing of the story may be public before it.
    embargo_until: datetime | None = None
    tags: tuple[str, ...] = ()
    #: The language the source says the item is in, as it says it ("ar", "en-US"), if it does.
    language: str = ""
    picture: IngestPicture | None = None
    #: Pictures after the lead that the text does not place (Media RSS, ninjs), in order.
    more_pictures: tuple[IngestPicture, ...] = ()
    problem: str = field(default="", compare=False)
    #: Dates the source sent that break the date rules, left out with the reason.
    dropped_dates: tuple[str, ...] = field(default=(), compare=False)

    @property
    def embargo_left_out(self) -> bool:
        """The source sent an embargo that could not be read: the story must not go out."""
        return any(reason.startswith("the embargo was left out") for reason in self.dropped_dates)


def parse_document(content: bytes) -> list[IngestItem]:
    """The items of a feed or ninjs document; raises FeedError when it is neither."""
    parse = parse_ninjs if content.lstrip()[:1] in (b"{", b"[") else parse_feed
    return [_within_date_rules(_without_control_characters(item)) for item in parse(content)]


def _within_date_rules(item: IngestItem) -> IngestItem:
    """The item without the dates no story may carry; the story keeps everything else."""
    dropped = list(item.dropped_dates)

    def checked(label: str, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        try:
            PUBLICATION.check_moment(moment)
        except DateOutOfRange as error:
            dropped.append(f"the {label} was left out: {error}")
            return None
        return moment

    published_at = checked("publish time", item.published_at)
    updated_at = checked("update time", item.updated_at)
    embargo_until = checked("embargo", item.embargo_until)
    return replace(
        item,
        published_at=published_at,
        updated_at=updated_at,
        embargo_until=embargo_until,
        dropped_dates=tuple(dropped),
    )


def _without_control_characters(item: IngestItem) -> IngestItem:
    """The item's plain text as readers and feeds can carry it (markup is sanitized later)."""
    clean = remove_control_characters

    def clean_picture(picture: IngestPicture) -> IngestPicture:
        return replace(
            picture,
            caption=clean(picture.caption),
            credit=clean(picture.credit),
            copyright=clean(picture.copyright),
        )

    return replace(
        item,
        byline=clean(item.byline),
        dateline=clean(item.dateline),
        link=clean(item.link),
        tags=tuple(clean(tag) for tag in item.tags),
        picture=clean_picture(item.picture) if item.picture else None,
        more_pictures=tuple(clean_picture(picture) for picture in item.more_pictures),
    )


# RSS and Atom -------------------------------------------------------------------------


def _moment(label: str, entry, key: str, dropped: list[str]) -> datetime | None:
    """feedparser's UTC time as a datetime; one it cannot read, or past the calendar's ends,
    is left out."""
    parsed_time = entry.get(f"{key}_parsed")
    if not parsed_time:
        if entry.get(key):
            dropped.append(f"the {label} was left out: {entry[key][:40]!r} is not a date.")
        return None
    try:
        year, month, day, hour, minute, second = parsed_time[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (OverflowError, ValueError):
        year = parsed_time[0]
        dropped.append(f"the {label} was left out: year {year} in UTC is outside the calendar.")
        return None


def parse_feed(content: bytes) -> list[IngestItem]:
    parsed = feedparser.parse(io.BytesIO(content))
    problem = parsed.get("bozo_exception")
    # A feed that is not well-formed may be cut short: refuse it rather than guess.
    if isinstance(problem, CharacterEncodingOverride):
        problem = None
    if problem or not parsed.version:
        reason = problem or "no RSS or Atom root element"
        raise FeedError(f"Not a readable RSS or Atom feed: {reason}")
    elements = _item_elements(content, len(parsed.entries))
    entries = zip(parsed.entries, elements, strict=True)
    # RSS <language>, or the xml:lang of an Atom feed; an entry's own xml:lang wins.
    feed_language = str(parsed.feed.get("language") or "")
    return [
        _feed_item(position, entry, element, feed_language)
        for position, (entry, element) in enumerate(entries, 1)
    ]


def _feed_item(position: int, entry, element, feed_language: str = "") -> IngestItem:
    try:
        pictures = _media_pictures_of(element) if element is not None else []
        item = _read_feed_item(entry, pictures[0] if pictures else None)
        language = str((entry.get("title_detail") or {}).get("language") or feed_language)
        dropped = list(item.dropped_dates)
        embargo = _feed_embargo(element, dropped) if element is not None else None
        return replace(
            item,
            more_pictures=tuple(pictures[1:]),
            embargo_until=embargo,
            dropped_dates=tuple(dropped),
            language=language,
        )
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        return IngestItem(
            guid=str(entry.get("id") or f"item {position}"),
            problem=f"could not be read: {error!r}",
        )


def _read_feed_item(entry, picture: IngestPicture | None) -> IngestItem:
    contents = entry.get("content") or []
    html_contents = [c for c in contents if "html" in c.get("type", "")]
    body = (html_contents or contents or [{}])[0].get("value", "")
    summary = entry.get("summary", "")
    if not body:
        body, summary = summary, ""
    dropped: list[str] = []
    return IngestItem(
        guid=(entry.get("id") or entry.get("link") or "").strip(),
        headline=strip_all_html(entry.get("title", "")),
        body_html=body,
        summary=strip_all_html(summary),
        link=entry.get("link", ""),
        byline=entry.get("author", ""),
        published_at=_moment("publish time", entry, "published", dropped),
        updated_at=_moment("update time", entry, "updated", dropped),
        tags=tuple(tag.term for tag in entry.get("tags", []) if tag.get("term")),
        picture=picture,
        dropped_dates=tuple(dropped),
    )


def _item_elements(content: bytes, expected: int) -> list:
    """Each item's own XML element, for what feedparser does not read (or misreads).

    feedparser mistakes media:description for the item's summary, so captions are read
    from here, and it knows no embargo element.
    """
    try:
        root = SafeElementTree.fromstring(content)
    except Exception:
        return [None] * expected
    items = root.findall("./channel/item") or root.findall(f"./{ATOM_NS}entry")
    if len(items) != expected:
        return [None] * expected
    return items


def _feed_embargo(item, dropped: list[str]) -> datetime | None:
    """An ``embargo`` element of the item, in any namespace: RFC 822 or ISO 8601, UTC if bare."""
    element = next(
        (child for child in item if str(child.tag).rsplit("}", 1)[-1].lower() == "embargo"),
        None,
    )
    text = (element.text or "").strip() if element is not None else ""
    if not text:
        return None
    moment = None
    if text.isascii():
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            try:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                moment = None
    if moment is None:
        dropped.append(f"the embargo was left out: {text[:40]!r} is not a date.")
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(element, name: str) -> str:
    found = element.find(f"{MEDIA_NS}{name}") if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _is_image(content) -> bool:
    return content.get("medium") == "image" or (content.get("type") or "").startswith("image/")


def _width(content) -> int:
    width = content.get("width") or ""
    return int(width) if width.isascii() and width.isdigit() else 0


def _media_pictures_of(item) -> list[IngestPicture]:
    """Every picture of an item in order: each ``media:content``, and each ``media:group``
    as one picture (the group's widest version), else the first image enclosure."""
    pictures: dict[str, IngestPicture] = {}
    for child in item:
        if child.tag == f"{MEDIA_NS}content" and _is_image(child) and child.get("url"):
            picture = _media_picture(child, (child, item))
        elif child.tag == f"{MEDIA_NS}group":
            versions = [c for c in child.findall(f"{MEDIA_NS}content") if _is_image(c)]
            versions = [c for c in versions if c.get("url")]
            if not versions:
                continue
            widest = max(versions, key=_width)
            picture = _media_picture(widest, (widest, child, item))
        else:
            continue
        pictures.setdefault(picture.url, picture)
    if pictures:
        return list(pictures.values())
    enclosure = _enclosure_picture(item)
    return [enclosure] if enclosure else []


def _media_picture(content, described_by) -> IngestPicture:
    def first(name: str) -> str:
        return next((text for element in described_by if (text := _text(element, name))), "")

    return IngestPicture(
        url=content.get("url").strip(),
        caption=first("description"),
        credit=first("credit"),
        copyright=first("copyright"),
    )


def _enclosure_picture(item) -> IngestPicture | None:
    enclosures = item.findall("enclosure") + item.findall(f"{ATOM_NS}link[@rel='enclosure']")
    enclosure = next(
        (e for e in enclosures if (e.get("type") or "").startswith("image/")),
        None,
    )
    url = (enclosure.get("url") or enclosure.get("href")) if enclosure is not None else None
    if not url:
        return None
    return IngestPicture(
        url=url.strip(),
        caption=_text(item, "description"),
        credit=_text(item, "credit"),
        copyright=_text(item, "copyright"),
    )


# ninjs ----------------------------------------------------------------------------------


def parse_ninjs(content: bytes) -> list[IngestItem]:
    try:
        document = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(f"Not readable JSON: {error}") from error
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        documents = document["items"]
    elif isinstance(document, dict):
        documents = [document]
    elif isinstance(document, list):
        documents = document
    else:
        raise FeedError("A ninjs document must be an object or a list of objects.")
    return [_ninjs_item(position, item) for position, item in enumerate(documents, 1)]


def _ninjs_moment(label: str, value, dropped: list[str]) -> datetime | None:
    """An ISO 8601 date and time (UTC when it names no offset), in the digits 0-9."""
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str) or not value.isascii():
            raise ValueError
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        dropped.append(f"the {label} was left out: {str(value)[:40]!r} is not an ISO 8601 date.")
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _by_role(entries, role: str, default_first: bool = True) -> dict | None:
    entries = [e for e in entries or [] if isinstance(e, dict) and isinstance(e.get("value"), str)]
    chosen = next((e for e in entries if e.get("role") == role), None)
    return chosen or (entries[0] if entries and default_first else None)


def _ninjs_body(item: dict) -> str:
    bodies = [b for b in item.get("bodies") or [] if isinstance(b, dict)]
    html = next((b for b in bodies if "html" in str(b.get("contenttype", ""))), None)
    if html:
        return str(html.get("value", ""))
    if isinstance(item.get("body_html"), str):
        return item["body_html"]
    text = (bodies[0].get("value") if bodies else None) or item.get("body_text") or ""
    return "".join(f"<p>{escape(part)}</p>" for part in str(text).split("\n\n") if part.strip())


def _ninjs_pictures(item: dict, body_html: str) -> list[IngestPicture]:
    """The item's pictures, the lead first; those its body places itself are left to it."""
    associations = item.get("associations") or []
    if isinstance(associations, dict):
        associations = [
            {"name": name, **a} for name, a in associations.items() if isinstance(a, dict)
        ]
    pictures = [a for a in associations if isinstance(a, dict) and a.get("type") == "picture"]
    pictures.sort(key=lambda a: a.get("name") != "featureimage")
    found = []
    for position, picture in enumerate(pictures):
        named = f'data-association="{picture.get("name")}"'
        if position and picture.get("name") and named in body_html:
            continue
        read = _ninjs_picture(picture)
        if read is not None:
            found.append(read)
    return found


def _ninjs_picture(picture: dict) -> IngestPicture | None:
    renditions = picture.get("renditions") or []
    if isinstance(renditions, dict):
        renditions = list(renditions.values())
    renditions = [r for r in renditions if isinstance(r, dict) and r.get("href")]
    if not renditions:
        return None
    largest = max(renditions, key=lambda r: r["width"] if _is_number(r.get("width")) else 0)
    caption = _by_role(picture.get("descriptions"), "caption")
    return IngestPicture(
        url=str(largest["href"]),
        caption=caption["value"] if caption else str(picture.get("description_text", "")),
        credit=str(picture.get("by") or picture.get("byline") or picture.get("creditline") or ""),
        copyright=str(picture.get("copyrightnotice", "")),
    )


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _ninjs_item(position: int, item) -> IngestItem:
    if not isinstance(item, dict):
        return IngestItem(guid=f"item {position}", problem="is not a ninjs object")
    try:
        return _read_ninjs_item(item)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        return IngestItem(
            guid=str(item.get("uri") or f"item {position}"),
            problem=f"could not be read as ninjs: {error!r}",
        )


def _read_ninjs_item(item: dict) -> IngestItem:
    headline = _by_role(item.get("headlines"), "main")
    summary = _by_role(item.get("descriptions"), "summary", default_first=False)
    altids = item.get("altids") or []
    link = next(
        (a.get("value") for a in altids if isinstance(a, dict) and a.get("role") == "url"), ""
    )
    uri = str(item.get("uri") or "")
    if not link and uri.startswith(("http://", "https://")):
        link = uri
    subjects = [s for s in item.get("subjects") or [] if isinstance(s, dict) and s.get("name")]
    dropped: list[str] = []
    body_html = _ninjs_body(item)
    pictures = _ninjs_pictures(item, body_html)
    return IngestItem(
        guid=uri.strip(),
        headline=strip_all_html(headline["value"] if headline else str(item.get("headline", ""))),
        body_html=body_html,
        summary=strip_all_html(
            summary["value"] if summary else str(item.get("description_text", ""))
        ),
        link=str(link or ""),
        byline=str(item.get("by") or item.get("byline") or ""),
        dateline=str(item.get("located") or ""),
        published_at=_ninjs_moment("publish time", item.get("firstcreated"), dropped),
        updated_at=_ninjs_moment("update time", item.get("versioncreated"), dropped),
        embargo_until=_ninjs_moment("embargo", item.get("embargoed"), dropped),
        tags=tuple(str(s["name"]) for s in subjects if s.get("rel") != "section"),
        language=str(item.get("language") or ""),
        picture=pictures[0] if pictures else None,
        more_pictures=tuple(pictures[1:]),
        dropped_dates=tuple(dropped),
    )
