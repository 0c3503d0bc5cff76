"""Partner documents for the ingest tests: RSS items and feeds, ninjs items."""

from xml.sax.saxutils import escape

HOSTILE_BODY = (
    '<p onclick="steal()">Dredging starts <a href="javascript:alert(1)">soon</a>.</p>'
    "<script>alert('x')</script><iframe src=\"https://evil.example/\"></iframe>"
    "<p>The council agreed.</p>"
)


def rss_item(guid="courier-1", title="Harbour dredging approved", body=HOSTILE_BODY,
             picture=None, updated="Tue, 24 Nov 2026 11:00:00 GMT", extra=""):  # fmt: skip
    media = ""
    if picture:
        media = (
            f'<media:content url="{picture}" type="image/jpeg" medium="image">'
            "<media:description>Fishing boats moored on Monday.</media:description>"
            "<media:credit>Port Authority/Sam Reyes/Handout</media:credit>"
            "<media:copyright>© Port Authority</media:copyright></media:content>"
        )
    guid_element = f'<guid isPermaLink="false">{guid}</guid>' if guid else ""
    return (
        f"<item><title>{escape(title)}</title>"
        f"<link>https://courier.example.org/{guid}/</link>{guid_element}"
        "<description>Work starts in spring.</description>"
        f"<content:encoded>{escape(body)}</content:encoded>"
        "<dc:creator>Ruth Abara</dc:creator><category>dredging</category>"
        "<pubDate>Tue, 24 Nov 2026 09:30:00 GMT</pubDate>"
        f"<atom:updated>{updated}</atom:updated>{media}{extra}</item>"
    )


def rss(*items):
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">'
        "<channel><title>Courier</title><link>https://courier.example.org/</link>"
        f"<description>News</description>{''.join(items)}</channel></rss>"
    ).encode()


def outcomes(report):
    return [item.outcome for item in report.items]


def ninjs_item(uri, headline, picture_url=None):
    item = {
        "uri": uri,
        "type": "text",
        "headlines": [{"role": "main", "value": headline}],
        "by": "Wire Staff",
        "located": "PORTSMOUTH",
        "firstcreated": "2026-11-24T07:00:00+00:00",
        "descriptions": [{"role": "summary", "value": "A short summary."}],
        "bodies": [{"contenttype": "text/html", "value": "<p>Text<script>x()</script></p>"}],
        "subjects": [{"name": "News", "rel": "section"}, {"name": "ports", "rel": "tag"}],
        "altids": [{"role": "url", "value": f"https://wire.example.org/{headline[:4]}/"}],
    }
    if picture_url:
        item["associations"] = [
            {
                "name": "featureimage",
                "uri": "urn:wire:picture:1",
                "type": "picture",
                "by": "Wire/Jo Bloggs",
                "copyrightnotice": "© Wire",
                "descriptions": [{"role": "caption", "value": "Cranes at the port."}],
                "renditions": [
                    {"name": "thumb", "href": "https://wire.example.org/tiny.jpg", "width": 10},
                    {"name": "large", "href": picture_url, "width": 80},
                ],
            }
        ]
    return item
