// Narrows the "what fails" list to the options whose text contains what is typed (a group without a match is hidden
// too), and says in a polite live region how many remain; the choice itself stays an ordinary select.
(function () {
  const field = document.getElementById("target-filter-field");
  const input = document.getElementById("target-filter");
  if (!field || !input) return;
  const select = document.getElementById(input.getAttribute("aria-controls"));
  const status = document.getElementById("target-filter-status");
  if (!select) return;
  field.hidden = false;
  const normal = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  input.addEventListener("input", () => {
    const wanted = normal(input.value.trim());
    let count = 0;
    for (const group of select.querySelectorAll("optgroup")) {
      let shown = 0;
      for (const option of group.querySelectorAll("option")) {
        const match = !wanted || normal(option.textContent).includes(wanted) || option.selected;
        option.hidden = !match;
        option.disabled = !match && !option.selected;
        if (match) shown += 1;
      }
      group.hidden = shown === 0;
      count += shown;
    }
    status.textContent = wanted ? status.dataset.template.replace("{count}", count) : "";
  });
})();
