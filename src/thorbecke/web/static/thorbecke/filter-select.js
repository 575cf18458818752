// The filter box over a long list (web/filtered_field.html): each word typed must occur in an option's text or value
// (accents and capitals aside, so "friesland" finds Fryslân and "ws0155" a code); the others are hidden (a chosen
// one stays, so a choice is never lost from sight), and so is a group left empty. How many remain is said in a
// polite live region, which a screen reader reads without moving its focus.
(function () {
  for (const box of document.querySelectorAll("[data-filter-select]")) {
    if (box.dataset.ready) continue; // the script is included once per list
    box.dataset.ready = "1";
    const input = box.querySelector("input[type=search]");
    const select = document.getElementById(input.getAttribute("aria-controls"));
    const status = box.querySelector("[data-filter-status]");
    const options = Array.from(select.options).filter((option) => option.value);
    const plain = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
    box.hidden = false;
    // Enter in the box would send the form: it moves to the list instead.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        select.focus();
      }
    });
    input.addEventListener("input", () => {
      const words = plain(input.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const option of options) {
        const text = plain(`${option.text} ${option.value}`);
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
