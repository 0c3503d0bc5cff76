// Shows the thumbnail, caption and credit of the image picked on the story form.
"use strict";
(function () {
  function show(preview, details) {
    const thumbnail = preview.querySelector(".image-picker-thumbnail");
    thumbnail.replaceChildren();
    if (details.thumbnail_url) {
      const img = document.createElement("img");
      img.src = details.thumbnail_url;
      img.alt = details.alt_text || "";
      img.style.maxWidth = "240px";
      img.style.maxHeight = "240px";
      thumbnail.append(img);
    }
    preview.querySelector(".image-picker-caption").textContent = details.caption || "";
    preview.querySelector(".image-picker-credit").textContent = details.credit || gettext("missing");
    preview.hidden = false;
  }

  function watch(preview) {
    const select = document.getElementById(preview.dataset.imagePickerFor);
    if (!select || !window.django || !window.django.jQuery) {
      return;
    }
    window.django.jQuery(select).on("change", function () {
      if (!select.value) {
        preview.hidden = true;
        return;
      }
      const url = preview.dataset.detailsUrl.replace(/\/0\/picker\/$/, "/" + select.value + "/picker/");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (details) { if (details) { show(preview, details); } });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-image-picker-for]").forEach(watch);
  });
})();
