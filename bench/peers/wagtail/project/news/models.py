"""The Wagtail peer's content: sections of article pages with the fields of our stories.

Headline (the page title), standfirst, byline, a lead photo with caption, credit and agency
(a custom image model), a source with the original's address, a rich-text body, tags,
related articles chosen by the editors, corrections and a dateline.
"""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page
from wagtail.snippets.models import register_snippet


class NewsImage(AbstractImage):
    """A photo with the caption, credit and agency our images carry."""

    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=255, blank=True)
    agency = models.CharField(max_length=255, blank=True)
    alt_text = models.CharField(max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit", "agency", "alt_text")


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_snippet
class Source(models.Model):
    """A partner publication or agency that supplied an article."""

    name = models.CharField(max_length=255)
    homepage = models.URLField(blank=True)
    usage_terms = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class HomePage(Page):
    subpage_types = ["news.SectionPage"]


class SectionPage(Page):
    subpage_types = ["news.ArticlePage"]


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    """An article: the fields our story page prints."""

    standfirst = models.TextField(blank=True)
    byline = models.CharField(max_length=255, blank=True)
    lead_image = models.ForeignKey(
        NewsImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    original_url = models.URLField(max_length=500, blank=True)
    dateline = models.CharField(max_length=100, blank=True)
    body = RichTextField(blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    related_pages = ParentalManyToManyField("self", blank=True, symmetrical=False)

    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []


class Correction(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField()
    published_at = models.DateTimeField()
