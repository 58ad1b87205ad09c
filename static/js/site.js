/* Progressive enhancement only: every page works without this file.
   Adds a "copy" button beside each postal address, so a letter's address is copied exactly.
   (Filters do not submit themselves on change: that would surprise keyboard users, WCAG 3.2.2.) */
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
