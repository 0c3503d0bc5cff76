// Keyboard shortcuts on the story form: Ctrl/Cmd+S saves and keeps editing,
// Ctrl/Cmd+Shift+P opens the preview.
"use strict";
(function () {
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    const form = document.getElementById("story_form");
    if (!form) return;
    if (key === "s" && !event.shiftKey) {
      const save = form.querySelector("input[name=_continue]") ||
        form.querySelector("input[name=_save]");
      if (!save) return;
      event.preventDefault();
      save.click();
    } else if (key === "p" && event.shiftKey) {
      const preview = document.querySelector(".object-tools a[href$='/preview/']");
      if (!preview) return;
      event.preventDefault();
      window.open(preview.href, "_blank", "noopener");
    }
  });
})();
