// Copies the GOV.UK Frontend build (CSS, JS, fonts, images) into var/frontend/govuk,
// which Django serves as static files under /static/govuk/.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "var", "frontend", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of ["govuk-frontend.min.css", "govuk-frontend.min.js"]) {
  cpSync(join(dist, file), join(out, file));
}
cpSync(join(dist, "assets"), join(out, "assets"), { recursive: true });

// The published CSS points at fonts and images under the site root (url(/assets/...)). Make
// those URLs relative to the stylesheet so they resolve under /static/govuk/assets/ whatever
// STATIC_URL is (and so WhiteNoise's manifest storage can fingerprint them).
const css = join(out, "govuk-frontend.min.css");
const rewritten = readFileSync(css, "utf8").replaceAll("url(/assets/", "url(assets/");
if (rewritten.includes("url(/")) {
  throw new Error("govuk-frontend.min.css still has root-relative url()s; update build-assets.mjs");
}
writeFileSync(css, rewritten);
console.log(`GOV.UK Frontend assets copied to ${out}`);
