// The review form: live weighted total, autosave (fetch + CSRF token), submit confirmation.
// Without JavaScript the form still works: "Save draft" and "Submit review" post it.
(function () {
  "use strict";
  const form = document.getElementById("review-form");
  if (!form) return;
  const output = document.getElementById("weighted-total");
  const status = document.getElementById("autosave-status");
  const criteria = Array.from(form.querySelectorAll("tr.criterion"));
  const token = form.querySelector("input[name=csrf_token]").value;

  function scores() {
    const result = {};
    criteria.forEach(function (row) {
      const checked = row.querySelector("input[type=radio]:checked");
      result[row.dataset.key] = checked ? checked.value : "";
    });
    return result;
  }

  function total() {
    let got = 0, best = 0, complete = true;
    criteria.forEach(function (row) {
      const checked = row.querySelector("input[type=radio]:checked");
      const weight = parseFloat(row.dataset.weight), max = parseInt(row.dataset.max, 10);
      best += weight * max;
      if (checked) { got += weight * parseInt(checked.value, 10); } else { complete = false; }
    });
    return complete && best > 0 ? (100 * got / best).toFixed(1) : "—";
  }

  let timer = null, locked = false;
  function save() {
    if (locked) return;
    const checked = form.querySelector("input[name=recommendation]:checked");
    fetch(form.dataset.autosaveUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify({
        scores: scores(), recommendation: checked ? checked.value : null,
        comments_to_author: form.comments_to_author.value,
        comments_to_editor: form.comments_to_editor.value,
      }),
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      if (!status) return;
      if (result.ok) {
        status.textContent = form.dataset.savedText + " " + result.body.saved_at_display;
      } else {
        status.textContent = form.dataset.errorText + ": " + (result.body.error || "");
      }
    }).catch(function () {
      if (status) status.textContent = form.dataset.errorText;
    });
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  form.addEventListener("change", function (event) {
    if (event.target.name && event.target.name.indexOf("score-") === 0) {
      output.textContent = total();
    }
    if (event.target.type !== "file") schedule();
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") schedule();
  });
  form.addEventListener("submit", function (event) {
    const submitter = event.submitter;
    if (submitter && submitter.value === "submit") {
      if (!window.confirm(submitter.dataset.confirm)) { event.preventDefault(); return; }
      locked = true;  // no autosave after this point
    }
    clearTimeout(timer);
  });
})();
