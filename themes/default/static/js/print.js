// Leaflet pages: the print buttons (shown only when scripts run; without them
// the browser's own Print command does the same). The toner-light choice is a
// checkbox read by CSS, so it needs no script.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    var light = document.getElementById("bia-trang");
    if (light && button.dataset.print === "light") light.checked = true;
    if (light && button.dataset.print === "colour") light.checked = false;
    window.print();
  });
});
