// Click the photo preview to set the focal point that every crop keeps.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const picker = document.querySelector(".focal-point-picker");
    const x = document.getElementById("id_focal_x");
    const y = document.getElementById("id_focal_y");
    if (!picker || !x || !y) return;
    picker.addEventListener("click", function (event) {
      const box = picker.querySelector("img").getBoundingClientRect();
      const fx = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
      const fy = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
      x.value = fx.toFixed(3);
      y.value = fy.toFixed(3);
      picker.style.setProperty("--x", (fx * 100).toFixed(1) + "%");
      picker.style.setProperty("--y", (fy * 100).toFixed(1) + "%");
    });
  });
})();
