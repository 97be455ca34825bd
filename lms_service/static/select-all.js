// « Tout cocher » over the learners of this page: shown only where scripts run (the boxes work without it).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var boxes = document.querySelectorAll('input[type="checkbox"][form="' + all.dataset.selectAll + '"][name="learner"]');
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });
});
