// The printable review's « Imprimer » button: shown only where a script can print (inside an LMS frame too,
// where the browser's own menu would print the whole LMS page); without scripts the hint beside it says how.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("button[data-print]");
  if (!button) { return; }
  button.hidden = false;
  var hint = document.querySelector(".no-script-hint");
  if (hint) { hint.hidden = true; }
  button.addEventListener("click", function () { window.print(); });
});
