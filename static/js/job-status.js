// Background work (core.jobs): ask its status every 1.5 s until it is done or has failed, and
// show it in place (the page rendered the state it had; a reload shows the same).
document.querySelectorAll(".job-status[data-status-url]").forEach((box) => {
  const bar = box.querySelector(".progress");
  const fill = box.querySelector(".progress-bar");
  const show = (job) => {
    box.dataset.state = job.state;
    box.querySelector(".job-state").textContent = job.state_title;
    box.querySelector(".job-count").textContent =
      job.total && !job.finished ? `${job.done} / ${job.total}` : "";
    if (job.percent !== null) {
      fill.classList.remove("progress-bar-striped", "progress-bar-animated", "w-100");
      fill.style.width = `${job.percent}%`;
      bar.setAttribute("aria-valuenow", job.percent);
    }
    bar.hidden = job.finished;
    const done = box.querySelector(".job-done");
    done.hidden = job.state !== "done";
    if (job.result_url) box.querySelector(".job-link").href = job.result_url;
    const failed = box.querySelector(".job-failed");
    failed.hidden = job.state !== "failed";
    box.querySelector(".job-message").textContent = job.message;
  };
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, {
        headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const job = await response.json();
        show(job);
        if (job.finished) return;
      }
    } catch (error) { /* the network blinked: ask again */ }
    setTimeout(poll, 1500);
  };
  if (box.dataset.state !== "done" && box.dataset.state !== "failed") setTimeout(poll, 500);
});
