// The source review page's enhancements; the page works without them. A file of its own:
// the Content-Security-Policy allows no inline script.
document.addEventListener("htmx:beforeSwap", function (e) {
  // A refused edit (4xx) answers with the card and its message: show it in place.
  var s = e.detail.xhr.status;
  if (s >= 400 && s < 500) { e.detail.shouldSwap = true; e.detail.isError = false; }
});
function luoshiSpans(e, on) {
  var card = e.target.closest ? e.target.closest("article.directive[data-directive]") : null;
  if (!card) return;
  document.querySelectorAll('mark[data-directive="' + card.dataset.directive + '"]').forEach(function (m) {
    m.classList.toggle("hover", on);
  });
}
document.addEventListener("mouseover", function (e) { luoshiSpans(e, true); });
document.addEventListener("mouseout", function (e) { luoshiSpans(e, false); });
