// When the learner leaves a module page (next page, back to the LMS, tab closed), tell the
// server, so the reading time of the last page of a visit is counted too.
(function () {
  var marker = document.querySelector("[data-page-left]");
  if (!marker || !navigator.sendBeacon) { return; }
  window.addEventListener("pagehide", function () {
    var form = new FormData();
    form.append("lt", marker.dataset.lt);
    form.append("csrf_token", marker.dataset.csrf);
    navigator.sendBeacon(marker.dataset.pageLeft, form);
  });
})();
