// Writes the story's text in its language's direction: the form gives the fields dir and
// lang on load; this follows a change of the language select, and gives the body editor
// (which the prose editor draws beside its hidden textarea) the same direction.
"use strict";
(function () {
  function apply(select) {
    const directions = JSON.parse(select.dataset.textDirection);
    const language = select.value;
    const dir = directions[language] || "ltr";
    document.querySelectorAll("[lang][dir]").forEach(function (field) {
      if (field.form !== select.form && !field.classList.contains("ProseMirror")) return;
      field.setAttribute("lang", language);
      field.setAttribute("dir", dir);
    });
  }

  document.addEventListener("prose-editor:ready", function (event) {
    const textarea = event.detail.textarea;
    const view = event.detail.editor.view.dom;
    view.setAttribute("lang", textarea.getAttribute("lang") || "");
    view.setAttribute("dir", textarea.getAttribute("dir") || "auto");
  });

  document.addEventListener("DOMContentLoaded", function () {
    const select = document.querySelector("select[data-text-direction]");
    if (select) select.addEventListener("change", function () { apply(select); });
  });
})();
