// Drives real VS Code (code-server) in headless Chromium with the packaged seclint extension.
//   node drive.mjs URL FILE SCREENSHOT_DIR             open a vulnerable file, squiggles, Problems
//       panel, hover, Explain rule, Restart server, quick fix from the light bulb, suppression,
//       save, screenshots
//   node drive.mjs --missing URL FILE SCREENSHOT_DIR   no server installed: the message and its
//       install link
// Prints how long each step took; exits non-zero with the step that failed.

import { chromium } from "playwright-core";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const missing = process.argv[2] === "--missing";
const [url, file, shots] = process.argv.slice(missing ? 3 : 2);
const timings = {};
const started = Date.now();
const mark = (name) => {
  timings[name] = (Date.now() - started) / 1000;
  console.log(`[${timings[name].toFixed(1)}s] ${name}`);
};

async function openFile(page) {
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 180000 });
  mark("workbench loaded");
  // Quick Open (Ctrl+P), as a user opens a file.
  await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } });
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input", { timeout: 30000 });
  await page.keyboard.type(path.basename(file));
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${path.basename(file)}"]`, { timeout: 30000 });
  await page.keyboard.press("Enter");
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30000 });
  mark("file open");
}

async function runCommand(page, title) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input", { timeout: 30000 });
  await page.keyboard.type(title);
  await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: title }).first().waitFor({ timeout: 30000 });
  await page.keyboard.press("Enter");
}

async function clickOn(page, locator) {
  const box = await locator.boundingBox();
  await page.mouse.move(10, 10);
  await page.mouse.click(box.x + 6, box.y + box.height / 2);
  return box;
}

async function missingServer(page) {
  // No seclint anywhere: an error notification says so and links to the install help.
  const toast = page.locator(".notification-toast").filter({ hasText: "No seclint language server found" });
  await toast.first().waitFor({ timeout: 60000 });
  await page.screenshot({ path: path.join(shots, "vscode-not-found.png") });
  await page.locator(".statusbar-item").filter({ hasText: "seclint: not found" }).first().waitFor({ timeout: 10000 });
  await toast.first().getByRole("button", { name: "How to install" }).click();
  await page.locator(".tabs-container .tab").filter({ hasText: /readme\.md/i }).first().waitFor({ timeout: 30000 });
  mark("missing server reported, install help opened");
}

async function fullScenario(page) {
  await page.waitForSelector(".monaco-editor .squiggly-error", { timeout: 180000 });
  mark("squiggles");

  // Problems panel (Ctrl+Shift+M).
  await page.keyboard.press("Control+Shift+M");
  const problems = page.locator(".markers-panel .monaco-list-row");
  await problems.nth(1).waitFor({ timeout: 30000 });
  const problemText = (await problems.allInnerTexts()).join("\n");
  for (const code of ["PY-DESERIAL-YAML", "PY-CMD-SHELL"]) {
    if (!problemText.includes(code)) throw new Error(`Problems panel lacks ${code}:\n${problemText}`);
  }
  mark("problems panel");

  // Hover the first squiggle (yaml.load).
  const squiggles = page.locator(".monaco-editor .squiggly-error");
  const box = await squiggles.first().boundingBox();
  await page.mouse.move(box.x + 6, box.y + box.height / 2);
  const hover = page.locator(".monaco-hover:not(.hidden)").filter({ hasText: "Unsafe YAML loading" });
  await hover.first().waitFor({ timeout: 30000 });
  const hoverText = await hover.first().innerText();
  for (const expected of ["Unsafe YAML loading (PY-DESERIAL-YAML)", "Why is this dangerous?", "yaml.safe_load"]) {
    if (!hoverText.includes(expected)) throw new Error(`hover lacks ${expected}:\n${hoverText}`);
  }
  await page.screenshot({ path: path.join(shots, "vscode-hover.png") });
  mark("hover");

  // The status-bar item shows the running server (a shield icon).
  const running = page.locator(".statusbar-item").filter({ hasText: "seclint" }).locator(".codicon-shield");
  await running.first().waitFor({ timeout: 30000 });

  // "seclint: Explain rule" on the finding under the cursor opens its documentation.
  await clickOn(page, squiggles.first());
  await runCommand(page, "seclint: Explain rule");
  await page.locator(".tabs-container .tab").filter({ hasText: "PY-DESERIAL-YAML" }).first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(1500); // let the preview render for the screenshot
  await page.screenshot({ path: path.join(shots, "vscode-explain.png") });
  mark("explain rule");
  await page.keyboard.press("Control+W");

  // "seclint: Restart server": the server comes back and publishes again.
  await page.locator(".tabs-container .tab").filter({ hasText: path.basename(file) }).first().click();
  await runCommand(page, "seclint: Restart server");
  await page.waitForTimeout(500);
  await running.first().waitFor({ timeout: 60000 });
  await squiggles.first().waitFor({ timeout: 60000 });
  mark("restart server");

  // The light-bulb menu on yaml.load: a content widget in older VS Code, a gutter glyph in newer.
  await clickOn(page, squiggles.first());
  const bulb = page.locator(".lightBulbWidget, .codicon-light-bulb, [class*='codicon-lightbulb']").first();
  await bulb.waitFor({ timeout: 30000 });
  await bulb.click();
  const fix = page.locator(".action-widget .monaco-list-row").filter({ hasText: "Use yaml.safe_load" });
  await fix.first().waitFor({ timeout: 30000 });
  await page.screenshot({ path: path.join(shots, "vscode-quickfix.png") });
  await fix.first().click();
  await page.locator(".monaco-editor .view-lines").filter({ hasText: "safe_load" }).waitFor({ timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll(".monaco-editor .squiggly-error").length === 1, null, { timeout: 30000 });
  mark("quick fix");

  // Suppress the remaining finding (Ctrl+.).
  await clickOn(page, squiggles.first());
  await page.keyboard.press("Control+.");
  const suppress = page.locator(".action-widget .monaco-list-row").filter({ hasText: "Suppress PY-CMD-SHELL" });
  await suppress.first().waitFor({ timeout: 30000 });
  await suppress.first().click();
  await page.locator(".monaco-editor .view-lines").filter({ hasText: "seclint: ignore[PY-CMD-SHELL]" }).waitFor({ timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll(".monaco-editor .squiggly-error").length === 0, null, { timeout: 30000 });
  mark("suppression");

  await page.keyboard.press("Control+S");
  const deadline = Date.now() + 30000;
  while (!fs.readFileSync(file, "utf8").includes("seclint: ignore") && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const saved = fs.readFileSync(file, "utf8");
  if (!saved.includes("return yaml.safe_load(text)") || !saved.includes("# seclint: ignore[PY-CMD-SHELL]")) {
    throw new Error(`the saved file lacks the fix or the suppression:\n${saved}`);
  }
  mark("saved");
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
fs.mkdirSync(shots, { recursive: true });
let failed = false;
try {
  await openFile(page);
  await (missing ? missingServer(page) : fullScenario(page));
} catch (error) {
  failed = true;
  const shot = path.join(os.tmpdir(), "seclint-e2e-failure.png");
  await page.screenshot({ path: shot }).catch(() => {});
  console.error(`FAILED: ${error.stack ?? error}\nscreenshot of the failure: ${shot}`);
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ok: !failed, timings }));
process.exit(failed ? 1 : 0);
