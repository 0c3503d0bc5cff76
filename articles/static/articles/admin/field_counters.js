// Counts the characters of the story's headline, SEO title and description against the
// length search engines show, as a warning: a longer text is still saved.
"use strict";
(function () {
  function watch(input) {
    const recommended = Number(input.dataset.recommendedLength);
    const counter = document.createElement("span");
    counter.className = "length-counter";
    counter.setAttribute("aria-live", "polite");
    input.after(counter);
    const show = function () {
      const length = [...input.value].length;
      const over = length > recommended;
      counter.textContent = interpolate(
        over
          ? gettext("%(length)s / %(recommended)s characters — longer than recommended; " +
            "search results may cut it")
          : gettext("%(length)s / %(recommended)s characters"),
        { length: length, recommended: recommended },
        true
      );
      counter.classList.toggle("length-over", over);
    };
    input.addEventListener("input", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-recommended-length]").forEach(watch);
  });
})();
