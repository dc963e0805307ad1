// Copies the GOV.UK Frontend build (CSS, JS, fonts, images) into var/frontend/govuk,
// which Django serves as static files under /static/govuk/.
import { cpSync, mkdirSync, rmSync } from "node:fs";
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
console.log(`GOV.UK Frontend assets copied to ${out}`);
