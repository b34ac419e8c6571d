// While an officer describes a need, suggest solution types inferred from the text (progressive
// enhancement: without JavaScript the "Suggest solution types" button does the same on the server).
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch) { return; }
  var types = form.querySelector("[data-type-picker]");
  if (!types) { return; }
  // The suggestions appear on top of the picker, each a button that ticks its type.
  var box = types.querySelector("[data-type-suggestions]");
  box.className = "ol-message ol-type-suggestions";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  var timer = null;

  function render(items) {
    box.textContent = "";
    if (!items.length) { box.hidden = true; return; }
    var title = document.createElement("p");
    title.textContent = form.dataset.suggestLabel;
    box.appendChild(title);
    items.forEach(function (item) {
      var option = types.querySelector('input[value="' + item.code + '"]');
      if (!option || option.checked) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "krds-btn small tertiary";
      button.textContent = item.name + " (" + item.published_solutions + ")";
      button.addEventListener("click", function () {
        option.checked = true;
        option.closest("details").open = true;
        option.dispatchEvent(new Event("change", {bubbles: true}));
        button.remove();
      });
      box.appendChild(button);
    });
    box.hidden = box.querySelectorAll("button").length === 0;
  }

  function suggest() {
    var text = (form.querySelector("#id_title").value + " " + form.querySelector("#id_problem").value).trim();
    if (text.length < 4) { render([]); return; }
    fetch(form.dataset.suggestUrl + "?text=" + encodeURIComponent(text), {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : {types: []}; })
      .then(function (data) { render(data.types || []); })
      .catch(function () { render([]); });
  }

  ["#id_title", "#id_problem"].forEach(function (selector) {
    form.querySelector(selector).addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 600);
    });
  });
})();
