// The forwarding form's search box narrows the list of organisations to those whose name or code holds
// every word typed, accents and capitals aside. Without JavaScript the box stays hidden and the list is a
// plain select, which a browser lets a person search by typing the first letters.
(function () {
  "use strict";
  var search = document.querySelector("[data-forward-search]");
  var list = document.getElementById("id_forward-organisation");
  var said = document.getElementById("forward-matches");
  if (!search || !list || !said) return;

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function narrow() {
    var words = plain(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    list.querySelectorAll("option").forEach(function (option) {
      if (!option.value) return;
      var text = plain(option.textContent + " " + option.value);
      var matches = words.every(function (word) { return text.indexOf(word) !== -1; });
      // The organisation chosen stays in view, so that narrowing never changes the choice unseen.
      option.hidden = !matches && !option.selected;
      if (matches) shown += 1;
    });
    list.querySelectorAll("optgroup").forEach(function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
    if (!words.length) said.textContent = "";
    else if (shown === 0) said.textContent = said.dataset.none;
    else if (shown === 1) said.textContent = said.dataset.one;
    else said.textContent = shown + " " + said.dataset.many;
  }

  search.closest(".thorbecke-forward-search").hidden = false;
  search.addEventListener("input", narrow);
  // Enter in the box would send the form: it moves to the list instead.
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      list.focus();
    }
  });
  narrow();
})();
