// How the extension finds the server, on real files: node's test runner, no VS Code needed.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { locateServer } from "../locate";

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "seclint-locate-"));
}

function executable(file: string, body = "#!/bin/sh\nexit 0\n"): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body, { mode: 0o755 });
  return file;
}

const base = { path: "", interpreter: "", folders: [] as string[], trusted: true, env: { PATH: "" } };

void test("an explicit seclint.path wins, ${workspaceFolder} expanded", () => {
  const dir = scratch();
  const seclint = executable(path.join(dir, "bin", "seclint"));
  const found = locateServer({ ...base, path: "${workspaceFolder}/bin/seclint", folders: [dir] });
  assert.deepEqual(found.ok && found.server, { command: seclint, args: ["lsp"], origin: "seclint.path" });
});

void test("a seclint.path that is not executable is reported, not silently skipped", () => {
  const found = locateServer({ ...base, path: "/nonexistent/seclint" });
  assert.equal(found.ok, false);
  assert.match(!found.ok ? found.problem : "", /seclint.path is set to "\/nonexistent\/seclint"/);
});

void test("an interpreter (or its venv folder) runs python -m seclint lsp when it imports seclint", () => {
  const venv = scratch();
  const python = executable(path.join(venv, "bin", "python"), "#!/bin/sh\nexit 0\n");
  const found = locateServer({ ...base, interpreter: venv });
  assert.deepEqual(found.ok && found.server, { command: python, args: ["-m", "seclint", "lsp"], origin: "seclint.interpreter" });
});

void test("an interpreter without seclint says how to install it", () => {
  const venv = scratch();
  executable(path.join(venv, "bin", "python"), "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'seclint'\" >&2\nexit 1\n");
  const found = locateServer({ ...base, interpreter: venv });
  assert.equal(found.ok, false);
  assert.match(!found.ok ? found.problem : "", /cannot import seclint \(ModuleNotFoundError: No module named 'seclint'\).*pip install/);
});

void test("the workspace's .venv is used only in a trusted workspace", () => {
  const folder = scratch();
  const seclint = executable(path.join(folder, ".venv", "bin", "seclint"));
  const trusted = locateServer({ ...base, folders: [folder] });
  assert.equal(trusted.ok && trusted.server.command, seclint);
  const untrusted = locateServer({ ...base, folders: [folder], trusted: false });
  assert.equal(untrusted.ok, false);
});

void test("seclint on PATH is the last resort; nothing found lists what was tried", () => {
  const dir = scratch();
  const seclint = executable(path.join(dir, "seclint"));
  const onPath = locateServer({ ...base, env: { PATH: dir } });
  assert.deepEqual(onPath.ok && onPath.server, { command: seclint, args: ["lsp"], origin: "PATH" });
  const none = locateServer({ ...base, folders: [scratch()] });
  assert.equal(none.ok, false);
  assert.ok(none.tried.includes("seclint on PATH"));
  assert.match(!none.ok ? none.problem : "", /No seclint language server found/);
});
