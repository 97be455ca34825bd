// Dynamic registration's last step: tell the platform's window (opener or parent
// frame) that the tool is done, so it can close the dialog and refresh its list.
(function () {
  var button = document.getElementById("close-registration");
  if (!button) { return; }
  button.addEventListener("click", function () {
    var target = window.opener || (window.parent !== window ? window.parent : null);
    if (target) {
      target.postMessage({ subject: "org.imsglobal.lti.close" }, "*");
    } else {
      window.close();
    }
  });
})();
