// A live story's open page: asks the poll endpoint for the newest updates every few seconds
// and puts new ones at the top of the list without a reload; updates edited since the page
// was printed are replaced, deleted ones removed. A reader who has scrolled down
// gets a "N new updates" button instead of text moving under them; a polite live region
// tells screen readers. The page is complete without this script.
"use strict";
(function () {
  const section = document.querySelector('.live-coverage[data-live="on"]');
  if (!section) {
    return;
  }
  const list = section.querySelector(".live-updates");
  const status = section.querySelector(".live-status");
  const newBar = section.querySelector(".live-new");
  const newButton = section.querySelector(".live-new-button");
  const url = section.dataset.pollUrl;
  const interval = Math.max(Number(section.dataset.pollSeconds) || 15, 1) * 1000;
  let waiting = [];

  function known(id) {
    return section.querySelector('[data-update="' + id + '"]');
  }

  function element(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function scrolledPast() {
    return list.getBoundingClientRect().top < 0;
  }

  function plural(count) {
    return count === 1 ? "1 new update" : count + " new updates";
  }

  function show(updates) {
    const none = list.querySelector(".live-none");
    if (none) {
      none.remove();
    }
    // Oldest first, each at the top, so the newest ends up first.
    updates.slice().reverse().forEach(function (update) {
      if (!known(update.id)) {
        list.prepend(element(update.html));
      }
    });
    status.textContent = plural(updates.length);
  }

  function offer() {
    newButton.textContent = "Show " + plural(waiting.length);
    newBar.hidden = false;
    status.textContent = plural(waiting.length);
  }

  newButton.addEventListener("click", function () {
    show(waiting);
    waiting = [];
    newBar.hidden = true;
    list.scrollIntoView({ block: "start" });
  });

  function refresh(update) {
    const shown = known(update.id);
    if (shown && shown.dataset.version !== update.version) {
      shown.replaceWith(element(update.html));
    }
    return shown;
  }

  function remove(id) {
    const shown = known(id);
    if (shown) {
      shown.remove();
    }
    section.querySelectorAll('.live-key-events a[href$="#update-' + id + '"]').forEach(function (link) {
      const events = link.closest(".live-key-events");
      link.closest("li").remove();
      if (!events.querySelector("li")) {
        events.remove();
      }
    });
    const before = waiting.length;
    waiting = waiting.filter(function (w) { return w.id !== id; });
    if (before && !waiting.length) {
      newBar.hidden = true;
    } else if (waiting.length !== before) {
      offer();
    }
  }

  function receive(document_) {
    const fresh = [];
    document_.updates.forEach(function (update) {
      if (refresh(update)) {
        return;
      }
      const queued = waiting.findIndex(function (w) { return w.id === update.id; });
      if (queued >= 0) {
        waiting[queued] = update; // edited while the reader has not shown it yet
      } else if (!update.pinned) {
        fresh.push(update);
      }
    });
    // Older updates edited since: refreshed where this page shows them, never added.
    (document_.edited || []).forEach(refresh);
    (document_.deleted || []).forEach(remove);
    if (fresh.length) {
      if (scrolledPast() || waiting.length) {
        waiting = fresh.concat(waiting);
        offer();
      } else {
        show(fresh);
      }
    }
    return document_.live;
  }

  function poll() {
    fetch(url, { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (document_) {
        if (document_ && !receive(document_)) {
          return; // coverage has ended: nothing more will come
        }
        window.setTimeout(poll, interval);
      })
      .catch(function () {
        window.setTimeout(poll, interval * 2);
      });
  }

  window.setTimeout(poll, interval);
})();
