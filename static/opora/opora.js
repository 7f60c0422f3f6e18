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

  // --- Keyboard and screen readers ---------------------------------------------------------

  // Links styled as buttons answer Space like buttons (Enter already follows them). They stay
  // links for assistive technology: they go to another page.
  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var link = event.target.closest && event.target.closest("a.button[href]");
    if (!link) { return; }
    event.preventDefault();
    link.click();
  });

  // <form data-save-on-pick>: a radio picked with the pointer saves at once (one click per
  // person). Arrow keys only move the choice: the keyboard saves with the form's own button,
  // so browsing the options never saves and replaces the row under the user's focus.
  var pointerPick = false;
  document.addEventListener("pointerdown", function (event) {
    pointerPick = !!(event.target.closest && event.target.closest("form[data-save-on-pick] label, form[data-save-on-pick] input[type=radio]"));
  }, true);
  document.addEventListener("keydown", function () { pointerPick = false; }, true);
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!pointerPick || !form || !form.hasAttribute("data-save-on-pick") || event.target.type !== "radio") { return; }
    pointerPick = false;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });

  var live = document.getElementById("live-status");
  function announce(text) {
    if (!live || !text) { return; }
    // Clear first so that the same words said twice are announced twice.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 100);
  }

  // An error summary (components/form_errors.html) takes the focus: on a page rendered with
  // the errors, the title also starts with "Error:". Its links lead to the fields.
  function focusNewSummary() {
    var summary = document.querySelector("[data-error-summary]:not([data-error-shown])");
    if (!summary) { return false; }
    summary.setAttribute("data-error-shown", "");
    summary.focus();
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) { event.preventDefault(); field.focus(); }
  });

  // Tables: every cell knows its column heading (shown above the value on narrow screens), and
  // the table keeps its roles when CSS turns its rows into blocks.
  function labelTables(root) {
    (root || document).querySelectorAll("table.table").forEach(function (table) {
      var heads = [];
      table.querySelectorAll("thead th").forEach(function (th) { heads.push(th.textContent.trim()); });
      table.setAttribute("role", "table");
      table.querySelectorAll("thead, tbody, tfoot").forEach(function (g) { g.setAttribute("role", "rowgroup"); });
      table.querySelectorAll("tr").forEach(function (tr) {
        tr.setAttribute("role", "row");
        var column = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          var inHead = cell.parentNode.parentNode.tagName === "THEAD";
          cell.setAttribute("role", inHead ? "columnheader" : (cell.tagName === "TH" ? "rowheader" : "cell"));
          if (!inHead && heads[column] && !cell.hasAttribute("colspan")) { cell.setAttribute("data-label", heads[column]); }
          column += parseInt(cell.getAttribute("colspan") || "1", 10);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelTables(document);
    if (focusNewSummary() && live && live.dataset.errorTitle) {
      document.title = live.dataset.errorTitle.replace("{title}", document.title);
    }
  });

  // htmx: keep the focus where the user was and say what happened.
  var focusedId = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focusedId = active && active !== document.body ? active.id || null : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    labelTables(document);
    if (!focusNewSummary()) {
      var active = document.activeElement;
      if ((!active || active === document.body) && focusedId) {
        var again = document.getElementById(focusedId);
        if (again) { again.focus(); }
      }
    }
    document.querySelectorAll("[data-announce]").forEach(function (el) {
      announce(el.getAttribute("data-announce"));
      el.removeAttribute("data-announce");
    });
  });
  // A response htmx does not swap (a refusal, a server error) or no response at all: say so in
  // the form that was sent, and keep its input.
  function requestFailed(event, text) {
    var form = event.detail && event.detail.elt;
    if (form && form.tagName === "FORM") {
      var box = form.querySelector("[data-request-error]");
      if (!box) {
        box = document.createElement("p");
        box.className = "form-errors";
        box.setAttribute("data-request-error", "");
        form.insertBefore(box, form.firstChild);
      }
      box.textContent = text;
    }
    announce(text);
  }
  document.addEventListener("htmx:responseError", function (event) {
    requestFailed(event, live && live.dataset.failed);
  });
  document.addEventListener("htmx:sendError", function (event) {
    requestFailed(event, live && live.dataset.offline);
  });
})();
