// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// On a narrow screen a wide table scrolls inside itself (app.scss). Let keyboard users reach
// such a table, so that they can scroll it with the arrow keys.
function letKeyboardScrollWideTables() {
  for (const table of document.querySelectorAll(".govuk-table")) {
    const wide = table.scrollWidth > table.clientWidth + 1;
    if (wide && !table.hasAttribute("tabindex")) {
      table.tabIndex = 0;
      table.dataset.cpScrollable = "";
    } else if (!wide && table.hasAttribute("data-cp-scrollable")) {
      table.removeAttribute("tabindex");
      delete table.dataset.cpScrollable;
    }
  }
}
letKeyboardScrollWideTables();
window.addEventListener("resize", letKeyboardScrollWideTables);
