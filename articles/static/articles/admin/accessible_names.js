// Names for the controls the story form's widgets draw without one, so that a screen reader
// says what each is for: the body's rich-text editor, and the autocomplete comboboxes
// (select2) of the source, section, tags, lead image and the bylines' authors. Each takes
// the name of the field's own label, or of its column in an inline table.
"use strict";
(function () {
  function labelFor(control) {
    if (!control.id) return null;
    const label = document.querySelector("label[for='" + control.id + "']");
    if (!label) return null;
    if (!label.id) label.id = control.id + "-label";
    return label;
  }

  // An inline table has no label per cell: its column heading names the control.
  function columnHeading(control) {
    const cell = control.closest("td");
    const table = control.closest("table");
    if (!cell || !table || !table.tHead) return "";
    const heading = table.tHead.rows[0].cells[cell.cellIndex];
    return heading ? heading.textContent.trim() : "";
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      const selection = container.querySelector(".select2-selection[role=combobox]");
      const shown = container.querySelector(".select2-selection__rendered");
      const search = container.querySelector(".select2-search__field");
      const label = labelFor(select);
      const name = label ? "" : columnHeading(select);
      // Name, then what is chosen (the shown text names itself through its own id).
      for (const control of [selection, shown && shown.getAttribute("role") ? shown : null]) {
        if (!control) continue;
        if (label) {
          control.setAttribute("aria-labelledby", shown && shown.id ? label.id + " " + shown.id : label.id);
        } else if (name) {
          control.removeAttribute("aria-labelledby");
          control.setAttribute("aria-label", name);
        }
      }
      if (search && label) search.setAttribute("aria-labelledby", label.id);
      else if (search && name) search.setAttribute("aria-label", name);
      // The "clear" cross is for the mouse (the keyboard clears with Backspace); it sits
      // inside the list of chosen items, where only items belong.
      container.querySelectorAll("ul .select2-selection__clear").forEach(function (clear) {
        clear.setAttribute("aria-hidden", "true");
      });
    });
  }

  // The inputs of an inline table's rows (a byline's position, "Delete?") have no label.
  function nameInlineInputs(root) {
    root.querySelectorAll(".tabular td input:not([type=hidden]), .tabular td select:not(.admin-autocomplete)").forEach(function (input) {
      if (input.labels && input.labels.length) return;
      if (input.hasAttribute("aria-label") || input.hasAttribute("aria-labelledby")) return;
      const name = columnHeading(input);
      if (name) input.setAttribute("aria-label", name);
    });
  }

  function nameAll() {
    nameAutocompletes(document);
    nameInlineInputs(document);
  }

  document.addEventListener("prose-editor:ready", function (event) {
    const view = event.detail.editor.view.dom;
    const label = labelFor(event.detail.textarea);
    view.setAttribute("role", "textbox");
    view.setAttribute("aria-multiline", "true");
    if (label) view.setAttribute("aria-labelledby", label.id);
  });

  // select2 draws its comboboxes when the page is ready and for each inline row added, and
  // draws parts of them again when a choice changes: name them whenever that happens.
  let pending = false;
  const observer = new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      nameAll();
    });
  });
  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    const form = document.getElementById("story_form") || document.body;
    observer.observe(form, {childList: true, subtree: true});
  });
})();
