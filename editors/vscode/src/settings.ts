// VS Code's "seclint.*" settings to the server's settings object.  Only settings the user has
// set are sent, so the server's defaults and the project's [tool.seclint] apply otherwise, and
// a server that does not know a newer key (rulePaths) only hears about it when it is used.

import * as vscode from "vscode";
import { expand } from "./locate";

const SERVER_KEYS = [
  "select",
  "ignore",
  "enable",
  "severity",
  "minConfidence",
  "minSeverity",
  "exclude",
  "debounceMs",
  "maxDocumentSize",
  "reportUnusedSuppressions",
  "findingsCache",
  "rulePaths",
] as const;

const ENGINES = ["bandit", "ast", "semgrep"] as const;

/** Settings that decide which program runs: changing one restarts the server. */
export const LAUNCH_KEYS = ["seclint.path", "seclint.interpreter"];

function isSet<T>(inspected: ReturnType<vscode.WorkspaceConfiguration["inspect"]> | undefined): inspected is { key: string; globalValue?: T } {
  return (
    inspected !== undefined &&
    (inspected.globalValue !== undefined ||
      inspected.workspaceValue !== undefined ||
      inspected.workspaceFolderValue !== undefined ||
      inspected.globalLanguageValue !== undefined ||
      inspected.workspaceLanguageValue !== undefined ||
      inspected.workspaceFolderLanguageValue !== undefined)
  );
}

export function serverSettings(scope?: vscode.Uri): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("seclint", scope);
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const out: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    if (!isSet(config.inspect(key))) {
      continue;
    }
    const value = config.get<unknown>(key);
    if (key === "rulePaths") {
      const paths = Array.isArray(value) ? value.filter((p): p is string => typeof p === "string" && p.trim() !== "") : [];
      if (paths.length > 0) {
        out.rulePaths = paths.map((p) => expand(p, folders));
      }
      continue;
    }
    out[key] = value;
  }
  const engines: Record<string, boolean> = {};
  for (const engine of ENGINES) {
    if (isSet(config.inspect(`engines.${engine}`))) {
      engines[engine] = config.get<boolean>(`engines.${engine}`, true);
    }
  }
  if (Object.keys(engines).length > 0) {
    out.engines = engines;
  }
  return out;
}
