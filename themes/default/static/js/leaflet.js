// The leaflet's "In tờ rơi" button: a file of its own rather than an inline
// onclick, so that the site's Content-Security-Policy needs no 'unsafe-inline'.
// Without JavaScript the button stays hidden and Ctrl+P prints the same.
document.querySelectorAll('button[data-print]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () { window.print(); });
});
