/* medcare: small helps on the day's pages (issue 5). Every page works without this file. */
(function () {
  "use strict";

  // Check round and check form: the cursor waits in the first empty temperature field.
  var temperature = document.querySelector(".check-form input[name=temperature_c]");
  if (temperature && !temperature.value) {
    temperature.focus();
  }

  // A dirty nappy needs a stool type: say so at once instead of after the round trip.
  document.querySelectorAll("form.toileting-form").forEach(function (form) {
    var select = form.querySelector("select[name=stool_type]");
    if (!select) {
      return;
    }
    select.addEventListener("change", function () {
      select.setCustomValidity("");
    });
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (button && button.value === "dirty" && !select.value) {
        event.preventDefault();
        select.setCustomValidity(form.dataset.stoolRequired || "");
        select.reportValidity();
        select.focus();
      }
    });
  });

  // "Everyone ate most": mark the rows changed from "most" so the exceptions stand out.
  document.querySelectorAll(".meal-row").forEach(function (row) {
    row.addEventListener("change", function () {
      var most = row.querySelector("input[value=most]");
      row.classList.toggle("changed", !(most && most.checked));
    });
  });
})();
