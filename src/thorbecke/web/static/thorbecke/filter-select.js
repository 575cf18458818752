// The filter box over a long list (web/filtered_field.html): each word typed must occur in an option's text; the
// others are hidden (a chosen one stays, so a choice is never lost from sight), and so is a group left empty. How
// many remain is said in a polite live region, which a screen reader reads without moving its focus.
(function () {
  for (const box of document.querySelectorAll("[data-filter-select]")) {
    if (box.dataset.ready) continue; // the script is included once per list
    box.dataset.ready = "1";
    const input = box.querySelector("input[type=search]");
    const select = document.getElementById(input.getAttribute("aria-controls"));
    const status = box.querySelector("[data-filter-status]");
    const options = Array.from(select.options).filter((option) => option.value);
    box.hidden = false;
    input.addEventListener("input", () => {
      const words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const option of options) {
        const text = option.text.toLocaleLowerCase();
        option.hidden = !option.selected && !words.every((word) => text.includes(word));
        if (!option.hidden) shown += 1;
      }
      for (const group of select.querySelectorAll("optgroup")) {
        group.hidden = Array.from(group.children).every((option) => option.hidden);
      }
      status.textContent = words.length
        ? status.dataset.template.replace("{count}", shown).replace("{total}", options.length)
        : "";
    });
  }
})();
