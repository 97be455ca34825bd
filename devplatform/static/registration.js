// Waits for the tool, framed during dynamic registration, to post {subject: "org.imsglobal.lti.close"},
// then shows the registration the platform received, as Moodle does.
// Only the framed tool's own window is listened to. Kept in a file: the CSP forbids inline scripts.
"use strict";
const frame = document.querySelector("iframe[data-registration]");
if (frame) {
  window.addEventListener("message", (event) => {
    const fromTool = event.source === frame.contentWindow && event.origin === frame.dataset.toolOrigin;
    if (fromTool && event.data && event.data.subject === "org.imsglobal.lti.close") {
      window.location.assign(frame.dataset.doneUrl);
    }
  });
}
