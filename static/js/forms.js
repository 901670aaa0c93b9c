/* medcare: a POST form is sent once (a double-click saved an injury twice). Every page works
   without this file; the services refuse a repeated record on their own.

   On the first submit of a form[method=post] its submit buttons are disabled, and any further
   submit of that form is cancelled until the page is shown again. The buttons are disabled
   just after the submit (not in it), so the button pressed still sends its name and value
   (the dose outcome, the nappy kind). A page restored from the back/forward cache gets its
   buttons back. */
(function () {
  "use strict";

  var SENT = "medcareSent";

  function buttons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    if (event.defaultPrevented) {
      return; // another script (or a validity check) stopped this submit: nothing was sent
    }
    if (form.dataset[SENT]) {
      event.preventDefault();
      return;
    }
    form.dataset[SENT] = "1";
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.dataset[SENT]) {
        return;
      }
      delete form.dataset[SENT];
      buttons(form).forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
