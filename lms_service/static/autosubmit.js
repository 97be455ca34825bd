// Send a form marked data-autosubmit as soon as the page is ready (the button stays for no-JS).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) { form.submit(); }
});
