// Sets an image's focal point from a click on its preview: fills the focal x/y fields.
"use strict";
(function () {
  function place(marker, x, y) {
    marker.style.left = (x * 100) + "%";
    marker.style.top = (y * 100) + "%";
  }

  function watch(frame) {
    const picture = frame.querySelector("img");
    const marker = frame.querySelector(".focal-point-marker");
    const fieldX = document.getElementById("id_focal_x");
    const fieldY = document.getElementById("id_focal_y");
    if (!picture || !marker || !fieldX || !fieldY) {
      return;
    }
    place(marker, parseFloat(fieldX.value) || 0.5, parseFloat(fieldY.value) || 0.5);
    picture.addEventListener("click", function (event) {
      const bounds = picture.getBoundingClientRect();
      const x = Math.min(Math.max((event.clientX - bounds.left) / bounds.width, 0), 1);
      const y = Math.min(Math.max((event.clientY - bounds.top) / bounds.height, 0), 1);
      fieldX.value = x.toFixed(3);
      fieldY.value = y.toFixed(3);
      place(marker, x, y);
    });
    [fieldX, fieldY].forEach(function (field) {
      field.addEventListener("input", function () {
        place(marker, parseFloat(fieldX.value) || 0, parseFloat(fieldY.value) || 0);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-point-picker]").forEach(watch);
  });
})();
