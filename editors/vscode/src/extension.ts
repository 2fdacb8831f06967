// The seclint extension: starts `seclint lsp`, passes the settings through, and adds the
// "Explain rule" and "Restart server" commands, an output channel and a status-bar item.

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { pickRuleId, RULE_SCHEME, RuleDocs } from "./explain";
import { locateServer, ServerCommand } from "./locate";
import { LAUNCH_KEYS, serverSettings } from "./settings";

const INSTALL_ANCHOR = "install-the-server";

let client: LanguageClient | undefined;
let server: ServerCommand | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
let extensionUri: vscode.Uri;

function setStatus(text: string, tooltip: string, error = false): void {
  status.text = text;
  status.tooltip = tooltip;
  status.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  status.show();
}

async function showInstallHelp(): Promise<void> {
  // vsce stores the README as readme.md inside the package.
  for (const name of ["README.md", "readme.md"]) {
    const readme = vscode.Uri.joinPath(extensionUri, name);
    try {
      await vscode.workspace.fs.stat(readme);
    } catch {
      continue;
    }
    await vscode.commands.executeCommand("markdown.showPreview", readme.with({ fragment: INSTALL_ANCHOR }));
    return;
  }
}

async function reportMissing(problem: string, tried: string[]): Promise<void> {
  output.error(`${problem} Tried: ${tried.join("; ")}`);
  setStatus("$(warning) seclint: not found", `${problem}\nClick for the server log.`, true);
  const choice = await vscode.window.showErrorMessage(`seclint: ${problem}`, "How to install", "Open settings", "Show log");
  if (choice === "How to install") {
    await showInstallHelp();
  } else if (choice === "Open settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "seclint.interpreter");
  } else if (choice === "Show log") {
    output.show(true);
  }
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration("seclint");
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const located = locateServer({
    path: config.get<string>("path", ""),
    interpreter: config.get<string>("interpreter", ""),
    folders,
    trusted: vscode.workspace.isTrusted,
  });
  if (!located.ok) {
    server = undefined;
    // Not awaited: activation must not wait for the user to answer the notification.
    void reportMissing(located.problem, located.tried);
    return;
  }
  server = located.server;
  output.info(`starting ${[server.command, ...server.args].join(" ")} (found through ${server.origin})`);
  setStatus("$(loading~spin) seclint", "seclint: starting the server…");

  // No `transport`: TransportKind.stdio would append --stdio, which `seclint lsp` rejects;
  // without it the client still talks over the process's stdin/stdout.
  const run = { command: server.command, args: server.args };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
    ],
    diagnosticCollectionName: "seclint",
    outputChannel: output,
    initializationOptions: serverSettings(),
    middleware: {
      workspace: {
        // The server asks for section "seclint": answer with the server's keys only, not the
        // extension's own (path, interpreter, trace), which the server would call unknown.
        configuration: (params) =>
          params.items.map((item) =>
            item.section === "seclint" ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : null,
          ),
      },
    },
  };
  const next = new LanguageClient("seclint", "seclint", serverOptions, clientOptions);
  client = next;
  next.onDidChangeState((event) => {
    if (client !== next) {
      return;
    }
    if (event.newState === State.Running) {
      const info = next.initializeResult?.serverInfo;
      const version = info?.version ? ` ${info.version}` : "";
      setStatus("$(shield) seclint", `seclint${version} is running: ${server?.command} (${server?.origin}).\nClick for the server log.`);
    } else if (event.newState === State.Starting) {
      setStatus("$(loading~spin) seclint", "seclint: starting the server…");
    } else {
      setStatus("$(error) seclint: stopped", "The seclint server stopped. Click for the log; run \"seclint: Restart server\" to start it again.", true);
    }
  });
  try {
    await next.start();
  } catch (error) {
    output.error(`the server failed to start: ${String(error)}`);
    setStatus("$(error) seclint: failed", `The seclint server failed to start: ${String(error)}\nClick for the log.`, true);
    void vscode.window.showErrorMessage(`seclint: the server failed to start (${String(error)}). See the seclint output for details.`, "Show log").then(
      (choice) => choice && output.show(true),
    );
  }
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  if (current) {
    try {
      await current.stop(5000);
    } catch (error) {
      output.warn(`stopping the server: ${String(error)}`);
    }
    await current.dispose();
  }
}

async function restart(): Promise<void> {
  output.info("restarting the server");
  await stopClient();
  await startClient();
}

async function explainRule(docs: RuleDocs, ruleId?: unknown): Promise<void> {
  const id = typeof ruleId === "string" && ruleId.trim() ? ruleId.trim() : await pickRuleId();
  if (!id) {
    return;
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage("seclint: the server is not running; see the seclint output.");
    return;
  }
  let markdown: unknown;
  try {
    markdown = await client.sendRequest(ExecuteCommandRequest.type, { command: "seclint.explain", arguments: [id] });
  } catch (error) {
    void vscode.window.showErrorMessage(`seclint: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (typeof markdown !== "string") {
    void vscode.window.showErrorMessage(`seclint: the server returned no documentation for ${id}.`);
    return;
  }
  const uri = docs.show(id.toUpperCase(), markdown);
  await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionUri = context.extensionUri;
  output = vscode.window.createOutputChannel("seclint", { log: true });
  status = vscode.window.createStatusBarItem("seclint.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "seclint";
  status.command = "seclint.showLog";
  const docs = new RuleDocs();
  context.subscriptions.push(
    output,
    status,
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, docs),
    vscode.commands.registerCommand("seclint.explainRule", (ruleId?: unknown) => explainRule(docs, ruleId)),
    vscode.commands.registerCommand("seclint.restartServer", restart),
    vscode.commands.registerCommand("seclint.showLog", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (LAUNCH_KEYS.some((key) => event.affectsConfiguration(key))) {
        await restart();
      } else if (event.affectsConfiguration("seclint") && client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { seclint: serverSettings() } });
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
