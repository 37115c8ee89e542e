// The wizard's upload with a progress bar, its speed and a cancel button; after the transfer,
// "checking the file…" until the server's answer (the format report) arrives. Without script
// the form posts as usual. A cancelled transfer never reaches the service: nothing is kept.
document.querySelectorAll("form[data-upload-progress]").forEach((form) => {
  const box = document.getElementById(form.dataset.uploadProgress);
  const bar = box.querySelector(".progress");
  const fill = box.querySelector(".progress-bar");
  const status = box.querySelector(".upload-status");
  const cancel = box.querySelector(".upload-cancel");
  const submit = form.querySelector("[type=submit]");
  const say = (text) => { status.textContent = text; };
  const megabytes = (bytes) => (bytes / 1048576).toFixed(1);
  let request = null;

  const reset = (message) => {
    request = null;
    submit.disabled = false;
    cancel.hidden = true;
    bar.hidden = true;
    say(message || "");
  };

  form.addEventListener("submit", (event) => {
    const input = form.querySelector("input[type=file]");
    if (!input || !input.files.length || !window.FormData) return;  // the server explains
    event.preventDefault();
    const started = performance.now();
    request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.floor((100 * progress.loaded) / progress.total);
      const seconds = (performance.now() - started) / 1000;
      const speed = seconds > 0 ? megabytes(progress.loaded / seconds) : "0.0";
      fill.style.width = `${percent}%`;
      bar.setAttribute("aria-valuenow", percent);
      say(box.dataset.sending.replace("%(percent)s", percent)
        .replace("%(sent)s", megabytes(progress.loaded))
        .replace("%(total)s", megabytes(progress.total)).replace("%(speed)s", speed));
    });
    request.upload.addEventListener("load", () => {
      cancel.hidden = true;  // the file is there: the check cannot be called back
      fill.classList.add("progress-bar-striped", "progress-bar-animated");
      fill.style.width = "100%";
      say(box.dataset.checking);
    });
    request.addEventListener("load", () => {
      // The page the answer led to (the step with its report and message, or the form with
      // its errors): shown as it came, since its message is shown only once.
      const answer = request;
      request = null;
      if (answer.responseURL && answer.responseURL !== window.location.href) {
        window.history.replaceState(null, "", answer.responseURL);
      }
      document.open();
      document.write(answer.responseText);
      document.close();
    });
    request.addEventListener("error", () => reset(box.dataset.failed));
    request.addEventListener("abort", () => reset(box.dataset.cancelled));
    submit.disabled = true;
    cancel.hidden = false;
    bar.hidden = false;
    fill.classList.remove("progress-bar-striped", "progress-bar-animated");
    fill.style.width = "0%";
    say(box.dataset.sending.replace("%(percent)s", 0).replace("%(sent)s", "0.0")
      .replace("%(total)s", megabytes(input.files[0].size)).replace("%(speed)s", "0.0"));
    request.send(new FormData(form));
  });
  cancel.addEventListener("click", () => { if (request) request.abort(); });
});
