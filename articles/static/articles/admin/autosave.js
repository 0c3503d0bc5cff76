// Autosave: while the story form is open, keep a private copy of what is typed every few
// seconds and when the page is hidden or closed. The copy never changes the story.
"use strict";
(function () {
  function start() {
    const config = document.getElementById("autosave-config");
    const form = document.getElementById("story_form");
    if (!config || !form) return;
    const url = config.dataset.url;
    const lockUrl = config.dataset.lockUrl;
    const lockLost = document.querySelector(".lock-lost");
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

    function token() {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
      return data;
    }

    // Someone took the story over: say so, and leave every word typed in the form.
    function showLock(answer) {
      if (!lockLost || answer.lock !== "lost") return;
      const since = new Date(answer.since).toLocaleTimeString();
      lockLost.textContent = interpolate(
        gettext("%(holder)s took over this story at %(since)s. Your text stays in this form and in " +
          "your unsaved copy, but saving it is refused while they edit: copy what you need and " +
          "agree with them."),
        { holder: answer.holder, since: since },
        true
      );
      lockLost.hidden = false;
    }

    async function heartbeat() {
      if (!lockUrl || submitting) return;
      try {
        const response = await fetch(lockUrl, {
          method: "POST", body: token(), credentials: "same-origin",
        });
        if (response.ok) showLock(await response.json());
      } catch (error) {
        // The next beat tries again.
      }
    }

    async function keep() {
      if (submitting) return;
      if (!changed) return heartbeat();
      changed = false;
      try {
        const response = await fetch(url, {
          method: "POST", body: snapshot(), credentials: "same-origin",
          headers: {"X-Requested-With": "XMLHttpRequest"},
        });
        const answer = await response.json();
        if (response.ok) {
          say(interpolate(gettext("Unsaved changes kept at %s."), [new Date(answer.saved_at).toLocaleTimeString()]));
        } else {
          changed = true;
          say(interpolate(gettext("Unsaved changes could not be kept: %s"), [answer.error || response.status]));
        }
        showLock(answer);
      } catch (error) {
        changed = true;
        say(gettext("Unsaved changes could not be kept (no connection)."));
      }
    }

    function keepOnLeaving() {
      if (changed && !submitting) {
        changed = !navigator.sendBeacon(url, snapshot());
      }
    }

    // A closed form frees its lock at once rather than when the lock lapses.
    function releaseOnClosing() {
      if (!lockUrl || submitting || config.dataset.holdsLock !== "yes") return;
      const data = token();
      data.append("release", "1");
      navigator.sendBeacon(lockUrl, data);
    }

    form.addEventListener("input", () => { changed = true; });
    form.addEventListener("change", () => { changed = true; });
    // Any form sent from this page (a save, a note, a takeover) leaves it on purpose.
    document.addEventListener("submit", () => { submitting = true; });
    window.setInterval(keep, every);
    // Other scripts (and browser tests) ask for a copy now, rather than at the next tick.
    form.addEventListener("autosave:now", keep);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") keepOnLeaving();
    });
    window.addEventListener("pagehide", () => {
      keepOnLeaving();
      releaseOnClosing();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
