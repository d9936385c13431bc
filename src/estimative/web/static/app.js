// The workbench's only script: small conveniences; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Filters: changing a menu applies it at once.
  for (const el of document.querySelectorAll("select.autosubmit")) {
    el.addEventListener("change", () => el.form.submit());
  }
  // The write token: remembered for this browser tab only, so each form does not ask again.
  const KEY = "estimative-token";
  for (const input of document.querySelectorAll("input.token-input")) {
    if (!input.value) input.value = sessionStorage.getItem(KEY) || "";
    input.addEventListener("change", () => sessionStorage.setItem(KEY, input.value));
  }
  // Long assessments: say that something is happening.
  for (const form of document.querySelectorAll("form.report")) {
    form.addEventListener("submit", (ev) => {
      const b = ev.submitter;
      if (b) { b.dataset.label = b.textContent; b.textContent = "Assessing…"; }
    });
  }
});
