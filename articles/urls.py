"""Public URLs of the newsroom site."""

from django.urls import path

from articles import preview, views

app_name = "articles"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("stories/<slug:slug>/", views.StoryDetailView.as_view(), name="story"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("sources/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("preview/<str:token>/", preview.signed_preview, name="preview"),
]
