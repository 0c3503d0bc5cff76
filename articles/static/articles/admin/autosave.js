// Autosave: while the story form is open, keep a private copy of what is typed every few
// seconds and when the page is hidden or closed. The copy never changes the story.
"use strict";
(function () {
  function start() {
    const config = document.getElementById("autosave-config");
    const form = document.getElementById("story_form");
    if (!config || !form) return;
    const url = config.dataset.url;
    const every = Math.max(Number(config.dataset.seconds) || 20, 1) * 1000;
    const status = document.querySelector(".autosave-status");
    const fields = ["headline", "slug", "dek", "body", "byline_override", "dateline",
      "original_url", "usage_terms", "seo_title", "seo_description", "expected_version",
      "csrfmiddlewaretoken"];
    let changed = false;
    let submitting = false;

    function snapshot() {
      const data = new FormData();
      for (const name of fields) {
        const field = form.elements.namedItem(name);
        if (field && "value" in field) data.append(name, field.value);
      }
      return data;
    }

    function say(text) {
      if (status) status.textContent = text;
    }

    async function keep() {
      if (!changed || submitting) return;
      changed = false;
      try {
        const response = await fetch(url, {
          method: "POST", body: snapshot(), credentials: "same-origin",
          headers: {"X-Requested-With": "XMLHttpRequest"},
        });
        const answer = await response.json();
        if (response.ok) {
          say("Unsaved changes kept at " + new Date(answer.saved_at).toLocaleTimeString() + ".");
        } else {
          changed = true;
          say("Unsaved changes could not be kept: " + (answer.error || response.status));
        }
        form.dispatchEvent(new CustomEvent("autosave:answer", {detail: answer}));
      } catch (error) {
        changed = true;
        say("Unsaved changes could not be kept (no connection).");
      }
    }

    function keepOnLeaving() {
      if (changed && !submitting) {
        changed = !navigator.sendBeacon(url, snapshot());
      }
    }

    form.addEventListener("input", () => { changed = true; });
    form.addEventListener("change", () => { changed = true; });
    form.addEventListener("submit", () => { submitting = true; });
    window.setInterval(keep, every);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") keepOnLeaving();
    });
    window.addEventListener("pagehide", keepOnLeaving);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
