// Privacy-first embeds: a story's embed shows a placeholder, and nothing is requested from
// the provider until the reader asks for it. The player address comes from the server's
// allow-list; the Content-Security-Policy (frame-src) admits only those providers.
"use strict";
(function () {
  function load(figure) {
    const player = figure.dataset.embedPlayer;
    if (!player || !player.startsWith("https://")) {
      return;
    }
    const frame = document.createElement("iframe");
    frame.src = player;
    frame.title = figure.dataset.embedTitle || "Embedded content";
    frame.loading = "lazy";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.allow = "encrypted-media; fullscreen; picture-in-picture";
    frame.setAttribute("allowfullscreen", "");
    frame.className = "embed-frame";
    figure.querySelector(".embed-placeholder").replaceWith(frame);
    figure.classList.add("embed-loaded");
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".embed-load");
    if (button) {
      load(button.closest("figure[data-embed-player]"));
    }
  });
})();
