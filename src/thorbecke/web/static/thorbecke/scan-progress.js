// Keeps the running scan's progress up to date without reloading the page (a page that refreshes itself
// would move a screen reader's focus); the text beside the bar is a polite live region.
(function () {
  const box = document.getElementById("scan-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-progress-text]");
  const template = box.dataset.template;
  async function update() {
    const response = await fetch(box.dataset.source, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const run = await response.json();
    if (String(run.id) !== box.dataset.run) return;
    bar.max = Math.max(run.total, 1);
    bar.value = run.done;
    text.textContent = template
      .replace("{done}", run.done)
      .replace("{total}", run.total)
      .replace("{rate}", Math.round(run.perMinute))
      .replace("{left}", run.secondsLeft ?? "-");
    if (run.state === "running") setTimeout(update, 2000);
    else window.location.reload();
  }
  setTimeout(update, 2000);
})();
