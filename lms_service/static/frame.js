// Tell the LMS (Canvas and others listen) how tall the page is, so the iframe
// grows with the content instead of showing a second scroll bar.
(function () {
  if (window.parent === window) { return; }
  function send() {
    var height = document.documentElement.scrollHeight;
    window.parent.postMessage({ subject: "lti.frameResize", height: height }, "*");
  }
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
})();
