/* "Which single control would have stopped it?": load the answer into the run page on
   demand. Without JavaScript the link opens it as a page of its own. */
(function () {
  var link = document.getElementById("explain-link");
  if (!link) { return; }
  var view = document.getElementById("explain-view");
  link.addEventListener("click", function (event) {
    event.preventDefault();
    link.setAttribute("aria-disabled", "true");
    view.setAttribute("aria-busy", "true");
    link.textContent = "Working it out…";
    fetch(link.href, {headers: {"X-Overstep-Fragment": "1"}, credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) { view.innerHTML = html; view.removeAttribute("aria-busy"); })
      .catch(function () { window.location = link.href; });
  });
})();
