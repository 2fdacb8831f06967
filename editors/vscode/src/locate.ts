// Finding the seclint language server: an explicit executable, a configured interpreter or
// virtual environment, the workspace's own virtual environment (trusted workspaces only), or
// `seclint` on PATH.  Nothing here starts the server; it only decides how to.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface ServerCommand {
  command: string;
  args: string[];
  /** How it was found, for the log and the status-bar tooltip. */
  origin: string;
}

export type Located =
  | { ok: true; server: ServerCommand; tried: string[] }
  | { ok: false; problem: string; tried: string[] };

export interface LocateOptions {
  path: string;
  interpreter: string;
  folders: string[];
  trusted: boolean;
  env?: NodeJS.ProcessEnv;
}

const windows = process.platform === "win32";
const binDir = windows ? "Scripts" : "bin";
const exe = (name: string): string => (windows ? `${name}.exe` : name);

export function expand(value: string, folders: string[]): string {
  let out = value.trim();
  if (out.startsWith("~")) {
    out = path.join(os.homedir(), out.slice(1));
  }
  const first = folders[0] ?? "";
  return out.replace(/\$\{workspaceFolder\}/g, first).replace(/\$\{userHome\}/g, os.homedir());
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A virtual environment folder stands for its Python. */
function pythonOf(interpreter: string): string {
  try {
    if (fs.statSync(interpreter).isDirectory()) {
      return path.join(interpreter, binDir, exe("python"));
    }
  } catch {
    // not there: reported by the caller
  }
  return interpreter;
}

function importsSeclint(python: string): string | undefined {
  try {
    execFileSync(python, ["-c", "import seclint"], { timeout: 20000, stdio: "pipe" });
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return stderr?.split("\n").pop() || String(error);
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, exe(name)))) {
      return path.join(dir, exe(name));
    }
  }
  return undefined;
}

export function locateServer(options: LocateOptions): Located {
  const tried: string[] = [];
  const explicit = expand(options.path, options.folders);
  if (explicit) {
    tried.push(`seclint.path: ${explicit}`);
    if (!isExecutableFile(explicit)) {
      return { ok: false, tried, problem: `seclint.path is set to "${explicit}", which is not an executable file.` };
    }
    return { ok: true, tried, server: { command: explicit, args: ["lsp"], origin: "seclint.path" } };
  }

  const configured = expand(options.interpreter, options.folders);
  if (configured) {
    const python = pythonOf(configured);
    tried.push(`seclint.interpreter: ${python}`);
    if (!isExecutableFile(python)) {
      return { ok: false, tried, problem: `seclint.interpreter is set to "${configured}", but "${python}" is not an executable file.` };
    }
    const failure = importsSeclint(python);
    if (failure) {
      return {
        ok: false,
        tried,
        problem: `"${python}" cannot import seclint (${failure}). Install it there: "${python}" -m pip install /path/to/seclint`,
      };
    }
    return { ok: true, tried, server: { command: python, args: ["-m", "seclint", "lsp"], origin: "seclint.interpreter" } };
  }

  // A virtual environment inside the workspace is code from the workspace: only a trusted
  // workspace may choose which program runs.
  if (options.trusted) {
    for (const folder of options.folders) {
      for (const venv of [".venv", "venv"]) {
        const candidate = path.join(folder, venv, binDir, exe("seclint"));
        tried.push(candidate);
        if (isExecutableFile(candidate)) {
          return { ok: true, tried, server: { command: candidate, args: ["lsp"], origin: `the workspace's ${venv}` } };
        }
      }
    }
  }

  const env = options.env ?? process.env;
  tried.push("seclint on PATH");
  const found = onPath("seclint", env);
  if (found) {
    return { ok: true, tried, server: { command: found, args: ["lsp"], origin: "PATH" } };
  }
  return {
    ok: false,
    tried,
    problem: "No seclint language server found. Install seclint (pip install) and set seclint.interpreter or seclint.path, or put seclint on PATH.",
  };
}
