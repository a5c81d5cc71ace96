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
    search.placeholder = "Search by name or username";
    search.setAttribute("aria-controls", select.id);
    var label = document.querySelector('label[for="' + select.id + '"]');
    search.setAttribute("aria-label", "Filter the people for " + (label ? label.textContent : "this role"));
    select.parentNode.insertBefore(search, select);

    search.addEventListener("input", function () {
      var wanted = fold(search.value.trim());
      // Read the choice first: moving options out of the list changes which is selected.
      var chosen = select.value;
      var kept = document.createDocumentFragment();
      all.forEach(function (entry) {
        // The empty choice (a scripted persona) and the current choice always stay.
        var value = entry.option.value;
        if (!value || value === chosen || entry.words.indexOf(wanted) !== -1) {
          kept.appendChild(entry.option);
        }
      });
      select.replaceChildren(kept);
      select.value = chosen;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select.person-picker").forEach(enhance);
  });
})();
