// "seclint: Explain rule": asks the server (workspace/executeCommand seclint.explain) for a
// rule's documentation and shows it as a rendered markdown preview of a read-only document.

import * as vscode from "vscode";

export const RULE_SCHEME = "seclint-rule";

export class RuleDocs implements vscode.TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  show(ruleId: string, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: RULE_SCHEME, path: `${ruleId}.md` });
    this.pages.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? `No documentation loaded for ${uri.path}.`;
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === "string") {
    return code;
  }
  if (code !== undefined && typeof code === "object" && typeof code.value === "string") {
    return code.value;
  }
  return undefined;
}

/** The rule to explain: the seclint finding under the cursor, else one picked or typed. */
export async function pickRuleId(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const all = editor ? vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === "seclint") : [];
  const here = editor ? all.filter((d) => d.range.contains(editor.selection.active)) : [];
  const hereIds = [...new Set(here.map(codeOf).filter((c): c is string => c !== undefined))];
  if (hereIds.length === 1) {
    return hereIds[0];
  }
  const ids = [...new Set([...hereIds, ...all.map(codeOf).filter((c): c is string => c !== undefined)])];
  const pick = vscode.window.createQuickPick();
  pick.title = "seclint: Explain rule";
  pick.placeholder = "A rule id such as PY-CMD-SHELL, or a bandit id such as B602";
  pick.items = ids.map((id) => ({ label: id, description: "in this file" }));
  return new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.label ?? pick.value;
      resolve(chosen.trim() || undefined);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
