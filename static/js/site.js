/* Progressive enhancement only: every page works without this file.
   Adds a "copy" button beside each postal address, so a letter's address is copied exactly, and on a
   phone folds the list's filters away so the results come first on screen (they come first for the
   keyboard too). Filters do not submit themselves on change: that would surprise keyboard users, WCAG 3.2.2. */
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(max-width: 40rem)").matches && !filters.querySelector(".error")) {
    filters.open = false;
  }
})();
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("address.postal").forEach(function (address) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = document.documentElement.dataset.copyLabel || "Copy address";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(address.innerText.trim()).then(function () {
        button.textContent = document.documentElement.dataset.copiedLabel || "Copied";
      });
    });
    address.insertAdjacentElement("afterend", button);
  });
})();
