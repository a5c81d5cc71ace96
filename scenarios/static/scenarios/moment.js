/* The time slider: fetch the forum at the chosen minute and swap in only that part of the
   page, debounced, instead of reloading it. Without JavaScript the form reloads the page. */
(function () {
  var form = document.getElementById("moment-form");
  if (!form) { return; }
  var range = document.getElementById("t-range"), number = document.getElementById("t-number");
  var view = document.getElementById("snapshot-view"), heading = document.getElementById("at-heading");
  var timer = null, pending = null;

  function show(t) {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    view.setAttribute("aria-busy", "true");
    fetch(form.dataset.fragment + "?t=" + encodeURIComponent(t),
          {signal: pending.signal, credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        view.innerHTML = html;
        view.removeAttribute("aria-busy");
        var shown = view.querySelector("[data-minute]");
        if (shown && shown.dataset.minute) {
          heading.textContent = "The forum at " + shown.dataset.minute;
          moveMarker(Number(t), shown.dataset.minute);
        }
        number.setAttribute("aria-invalid", view.querySelector(".errorlist") ? "true" : "false");
        history.replaceState(null, "", "?t=" + encodeURIComponent(t) + "#at");
      })
      .catch(function (error) { if (error.name !== "AbortError") { form.submit(); } });
  }

  /* The exposure chart's "shown below" line follows the minute (as chart.py's Scale places it). */
  function moveMarker(t, words) {
    var chart = document.querySelector("svg.gantt"), line = document.getElementById("moment-line");
    var label = document.getElementById("moment-label");
    if (!chart || !line || !label) { return; }
    var left = Number(chart.dataset.plotLeft), right = Number(chart.dataset.plotRight);
    var x = left + (right - left) * t / Number(chart.dataset.minutes);
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
    label.setAttribute("x", x);
    label.setAttribute("text-anchor", x > right - 40 ? "end" : x < left + 40 ? "start" : "middle");
    label.textContent = words + " shown below";
  }

  function soon(t) {
    clearTimeout(timer);
    timer = setTimeout(function () { show(t); }, 250);
  }

  range.hidden = false;
  range.addEventListener("input", function () { number.value = range.value; soon(range.value); });
  number.addEventListener("input", function () { range.value = number.value; });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    show(number.value);
  });
})();
