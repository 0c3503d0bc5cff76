"""Admin for the image library: checked uploads, metadata read from the photo, focal points."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from articles.admin.filters import AgencyFilter
from articles.admin.forms import WithoutControlCharacters
from articles.admin.widgets import PREVIEW_WIDTH, label_split_moment, thumbnail
from articles.images.metadata import prefill
from articles.images.permissions import can_change_image, image_locked_because
from articles.images.renditions import largest_version
from articles.images.uploads import (
    DuplicateImage,
    PreparedPhoto,
    create_image_from_upload,
    originals_deleted_on_failure,
    prepare_upload,
    store_photo,
)
from articles.models import Image, Story

# A library page shows this many stories per image; the rest are counted.
USED_IN_LIMIT = 50


class ImageAdminForm(WithoutControlCharacters, forms.ModelForm):
    """Upload form: the file is checked and empty fields are filled from its metadata.

    A new image is stored by ``articles.images.uploads.store_photo``, like every other.
    """

    photo: PreparedPhoto | None = None

    class Meta:
        model = Image
        fields = [
            "file", "alt_text", "title", "caption", "credit", "agency", "copyright_notice",
            "usage_terms", "taken_at", "tags", "focal_x", "focal_y",
        ]  # fmt: skip
        # The library's own checks give clearer reasons than ImageField's generic one.
        field_classes = {"file": forms.FileField}
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A library photo serves every edition: its words run in the direction they are in.
        for name in ("alt_text", "title", "caption", "credit", "copyright_notice"):
            if name in self.fields:
                self.fields[name].widget.attrs["dir"] = "auto"
        if "taken_at" in self.fields:
            label_split_moment(self.fields["taken_at"])
        self.filled_from_photo: list[str] = []
        if "file" in self.fields:
            self.fields["file"].help_text = (
                "JPEG, PNG, WebP or GIF. Caption, credit, source, copyright, keywords and "
                "alt text are read from the photo into the fields you leave empty."
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload
        self.photo = prepare_upload(upload)
        # Never the upload itself: only the stripped photo may be stored.
        return ContentFile(self.photo.content, name=f"photo.{self.photo.checked.extension}")

    def clean(self):
        cleaned_data = super().clean()
        if self.photo:
            metadata = self.photo.checked.metadata
            self.filled_from_photo = prefill(cleaned_data, metadata)
            if "tags" in self.fields and not cleaned_data.get("tags") and metadata.keywords:
                cleaned_data["tags"] = list(metadata.keywords)
                self.filled_from_photo.append("tags")
        return cleaned_data

    def save(self, commit=True):
        image = super().save(commit=False)
        if commit:
            self.save_image(image)
        return image

    def save_image(self, image: Image) -> None:
        """Save ``image`` (this form's instance): a new one through the library's upload."""
        if image.pk is None and self.photo:
            store_photo(image=image, photo=self.photo, tags=self.cleaned_data.get("tags"))
        else:
            image.save()
            self.save_m2m()


class BodyPhotoUploadForm(WithoutControlCharacters, forms.Form):
    """What the story editor sends with a photo: the file and the words it needs."""

    file = forms.FileField()
    alt_text = forms.CharField(max_length=500, required=False)
    caption = forms.CharField(required=False)
    credit = forms.CharField(max_length=255, required=False)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["preview", "__str__", "credit", "agency", "width", "height", "created_at"]
    list_display_links = ["preview", "__str__"]
    list_filter = [("agency", AgencyFilter), "created_at", "taken_at"]
    search_fields = ["title", "caption", "credit", "agency", "alt_text", "original_name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "focal_point_picker", "used_in", "original_name", "width", "height", "file_size",
        "format", "content_hash",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["file", "alt_text"]}),
        ("Caption and rights", {"fields": ["title", "caption", "credit", "agency",
                                           "copyright_notice", "usage_terms", "taken_at", "tags"]}),
        ("Focal point", {"fields": ["focal_point_picker", "focal_x", "focal_y"],
                         "description": "Click the subject; crops (16:9, 1:1...) keep it."}),
        ("Used in", {"fields": ["used_in"]}),
        ("File", {"fields": ["original_name", "width", "height", "file_size", "format",
                             "content_hash"],
                  "classes": ["collapse"]}),
    ]  # fmt: skip

    class Media:
        js = ["articles/admin/focal_point.js"]
        css = {"all": ["articles/admin/images.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    # Permissions: who changes or deletes which image is decided in articles.images.permissions.

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_change_image(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or can_change_image(request.user, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The admin's transaction may still roll back after the photo is stored.
        with originals_deleted_on_failure():
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except DuplicateImage:
                # The same photo was saved by another upload between this one's check and
                # its save. Shown again, the form finds that image and offers it instead.
                return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            image = self.get_object(request, unquote(object_id))
            if image is not None and self.has_view_permission(request, image):
                locked_because = image_locked_because(request.user, image)
                if locked_because:
                    messages.info(request, f"{locked_because} This page is read-only for you.")
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        # A new photo is a new library image: renditions and stories depend on this one.
        if obj is not None:
            return ["file", *self.readonly_fields]
        return self.readonly_fields

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (name, options)
                for name, options in self.fieldsets
                if name not in ("Focal point", "Used in", "File")
            ]
        return self.fieldsets

    def get_urls(self):
        return [
            path(
                "<int:image_id>/picker/",
                self.admin_site.admin_view(self.picker_details),
                name="articles_image_picker_details",
            ),
            path(
                "upload/",
                self.admin_site.admin_view(self.body_upload),
                name="articles_image_body_upload",
            ),
            *super().get_urls(),
        ]

    def body_upload(self, request):
        """A photo uploaded from the story editor, stored like any upload; answers JSON.

        A photo already in the library answers with that image, so the editor uses it.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BodyPhotoUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        fields = {name: value for name, value in form.cleaned_data.items() if name != "file"}
        try:
            with originals_deleted_on_failure():
                image = create_image_from_upload(
                    upload=form.cleaned_data["file"],
                    uploaded_by=request.user,
                    **{name: value for name, value in fields.items() if value},
                )
        except DuplicateImage as duplicate:
            existing = duplicate.existing
            return JsonResponse({"id": existing.pk, "text": str(existing), "duplicate": True})
        except ValidationError as error:
            return JsonResponse({"errors": {"file": error.messages}}, status=400)
        return JsonResponse({"id": image.pk, "text": str(image), "duplicate": False})

    def picker_details(self, request, image_id):
        """What the story form's image picker shows about the image just picked."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        image = get_object_or_404(Image, pk=image_id)
        version = largest_version(image, 320)
        return JsonResponse(
            {
                "id": image.pk,
                "thumbnail_url": version.url if version else "",
                "caption": image.caption,
                "credit": image.credit,
                "alt_text": image.alt_text,
            }
        )

    @admin.display(description="Picture")
    def preview(self, image: Image) -> str:
        return thumbnail(image)

    @admin.display(description="Click the subject")
    def focal_point_picker(self, image: Image) -> str:
        version = largest_version(image, PREVIEW_WIDTH) if image.pk else None
        if version is None:
            return "—"
        return format_html(
            '<div class="focal-point-picker" data-focal-point-picker>'
            '<img src="{}" width="{}" height="{}" alt="{}">'
            '<span class="focal-point-marker" style="left:{}%;top:{}%"></span></div>',
            version.url,
            version.width,
            version.height,
            image.alt_text,
            round(image.focal_x * 100, 1),
            round(image.focal_y * 100, 1),
        )

    @admin.display(description="Stories")
    def used_in(self, image: Image) -> str:
        if not image.pk:
            return "—"
        stories = (
            Story.objects.showing(image.pk)
            .annotate(as_lead=Q(lead_image_id=image.pk))
            .order_by("-published_at", "-created_at")
        )
        total = stories.count()
        if not total:
            return "Not used in any story yet."
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({}, {})</li>',
            (
                (
                    reverse("admin:articles_story_change", args=[story.pk]),
                    story.headline,
                    story.get_status_display(),
                    "lead image" if story.as_lead else "in the body",
                )
                for story in stories[:USED_IN_LIMIT]
            ),
        )
        more = f" and {total - USED_IN_LIMIT} more" if total > USED_IN_LIMIT else ""
        return format_html("<ul>{}</ul>{}", items, more)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        form.save_image(obj)
        if getattr(form, "filled_from_photo", None):
            labels = ", ".join(
                str(getattr(Image._meta.get_field(name), "verbose_name", name))
                for name in form.filled_from_photo
            )
            messages.info(request, f"Read from the photo: {labels}. Check them before use.")

    def save_related(self, request, form, formsets, change):
        # The tags were saved with the image, by ImageAdminForm.save_image.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
