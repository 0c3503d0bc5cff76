"""Public URLs of the newsroom site."""

from django.urls import path, re_path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("stories/<slug:slug>/", views.StoryDetailView.as_view(), name="story"),
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
]
