// Builds src/coproduce/static/coproduce/: the brand CSS (left-to-right and right-to-left),
// the scripts and GOV.UK's images.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import rtlcss from "rtlcss";
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
}).css;
// GOV.UK Frontend is written left to right; pages in Arabic and other right-to-left languages
// load this mirrored copy instead.
const rtl = rtlcss.process(css);
writeFileSync(join(out, "app.css"), css.replace(/\/\*!rtl:[^*]*\*\//g, ""));
writeFileSync(join(out, "app.rtl.css"), rtl);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(root, "node_modules/htmx.org/dist/htmx.min.js"), join(out, "htmx.min.js"));
cpSync(join(root, "frontend/app.js"), join(out, "app.js"));
// Images only: the brand does not use GOV.UK's fonts.
cpSync(join(govuk, "assets/images"), join(out, "govuk/assets/images"), { recursive: true });
cpSync(join(root, "frontend/favicon.svg"), join(out, "favicon.svg"));

const kb = (text) => `${(text.length / 1024).toFixed(1)} KB, ${(gzipSync(text).length / 1024).toFixed(1)} KB gzipped`;
console.log(`built ${out}\n  app.css ${kb(css)}\n  app.rtl.css ${kb(rtl)}`);
