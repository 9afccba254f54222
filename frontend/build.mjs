// Builds src/coproduce/static/coproduce/: the brand CSS, the scripts and GOV.UK's assets.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/coproduce/static/coproduce");
const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend/app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), css.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(root, "node_modules/htmx.org/dist/htmx.min.js"), join(out, "htmx.min.js"));
cpSync(join(root, "frontend/app.js"), join(out, "app.js"));
// Images only: the brand does not use GOV.UK's fonts.
cpSync(join(govuk, "assets/images"), join(out, "govuk/assets/images"), { recursive: true });
cpSync(join(root, "frontend/favicon.svg"), join(out, "favicon.svg"));
console.log(`built ${out} (app.css ${css.css.length} bytes)`);
