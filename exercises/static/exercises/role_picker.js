// The role picker: a search box above each person list that narrows it as you type.
// Progressive enhancement: without this script each list is a plain <select>.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    var all = Array.prototype.map.call(select.options, function (option) {
      return { option: option, words: fold(option.text) };
    });
    var search = document.createElement("input");
    search.type = "search";
    search.className = "person-search";
    search.placeholder = "Type a name or username to filter";
    search.setAttribute("aria-controls", select.id);
    var label = document.querySelector('label[for="' + select.id + '"]');
    search.setAttribute("aria-label", "Filter the people for " + (label ? label.textContent : "this role"));
    select.parentNode.insertBefore(search, select);

    search.addEventListener("input", function () {
      var wanted = fold(search.value.trim());
      var kept = document.createDocumentFragment();
      all.forEach(function (entry) {
        // The empty choice (a scripted persona) and the current choice always stay.
        if (!entry.option.value || entry.option.selected || entry.words.indexOf(wanted) !== -1) {
          kept.appendChild(entry.option);
        }
      });
      select.replaceChildren(kept);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select.person-picker").forEach(enhance);
  });
})();
