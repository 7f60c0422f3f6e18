// Opora: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Ask once before destructive or far-reaching actions: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
  // Agenda timers: <span data-timer data-minutes="15"> counts down once started.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-timer-start]");
    if (!button) { return; }
    var target = document.getElementById(button.getAttribute("data-timer-start"));
    if (!target) { return; }
    var remaining = parseInt(target.getAttribute("data-minutes"), 10) * 60;
    if (target._timer) { clearInterval(target._timer); }
    var render = function () {
      var sign = remaining < 0 ? "-" : "";
      var abs = Math.abs(remaining);
      target.textContent = sign + Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
      target.classList.toggle("overtime", remaining < 0);
    };
    render();
    target._timer = setInterval(function () { remaining -= 1; render(); }, 1000);
  });
  // The referral form shows only the fields that fit the referrer chosen.
  function referrerGroup(kind) {
    if (kind === "school" || kind === "family") { return kind; }
    return "institution";
  }
  function syncReferral(form) {
    var select = form.querySelector("select[name=referrer_kind]");
    if (!select) { return; }
    var group = referrerGroup(select.value || "school");
    form.querySelectorAll("[data-referrer-fields]").forEach(function (fieldset) {
      fieldset.hidden = fieldset.getAttribute("data-referrer-fields") !== group;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-referral-form]").forEach(syncReferral);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("[data-referral-form]");
    if (form && event.target.name === "referrer_kind") { syncReferral(form); }
  });
})();
