"""Public URLs of the newsroom site."""

from django.urls import path, re_path, register_converter

from articles.editorial import preview
from articles.public import live, views
from articles.syndication import api, feeds, live_feeds, sitemaps

app_name = "articles"


class UnicodeSlugConverter:
    """A slug in any script: story slugs may be Arabic words (``SLUGS_ALLOW_UNICODE``)."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(feeds.FeedFormatConverter, "feed_format")
register_converter(UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("stories/<uslug:slug>/", views.StoryDetailView.as_view(), name="story"),
    path("stories/<uslug:slug>/live.json", live.poll, name="live_poll"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("sources/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        views.ArchiveMonthView.as_view(),
        name="archive_month",
    ),
    path("feeds/<feed_format:format>/", feeds.latest_feed, name="feed_latest"),
    path(
        "feeds/<feed_format:format>/sections/<slug:slug>/",
        feeds.section_feed,
        name="feed_section",
    ),
    path("feeds/<feed_format:format>/tags/<slug:slug>/", feeds.tag_feed, name="feed_tag"),
    path("feeds/<feed_format:format>/authors/<slug:slug>/", feeds.author_feed, name="feed_author"),
    path("feeds/<feed_format:format>/sources/<slug:slug>/", feeds.source_feed, name="feed_source"),
    path("feeds/<feed_format:format>/live/<uslug:slug>/", live_feeds.live_feed, name="feed_live"),
    path("api/v1/stories/", api.StoryListApiView.as_view(), name="api_story_list"),
    path("api/v1/stories/<int:pk>/", api.StoryDetailApiView.as_view(), name="api_story_detail"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path(
        "sitemap-news.xml",
        sitemaps.sitemap_page,
        {
            "sitemaps": sitemaps.NEWS_SITEMAPS,
            "section": "news",
            "template_name": "sitemaps/news.xml",
        },
        name="sitemap_news",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap_page,
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("preview/<str:token>/", preview.signed_preview, name="preview"),
]
