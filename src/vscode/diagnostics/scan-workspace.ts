// "S3 Encryption: Scan Workspace": lints every supported file with progress and cancel, honouring
// files.exclude, search.exclude and .gitignore files; results go to the Problems panel.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { GitignoreMatcher } from '../../core/analysis/file-walk';
import { detectLanguage } from '../../core/analysis/languages/detect';
import type { AnalysisClient } from '../../core/analysis/worker/analysis-client';
import type { FindingsStore } from './findings-store';
import { readDiagnosticsSettings } from './settings';

const INCLUDE = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py,rb,java,go,tf,sh,bash,yaml,yml,json,template}';
const PARALLEL = 4;

function excludeGlob(): string | undefined {
  const patterns: string[] = ['**/node_modules/**', '**/.git/**'];
  for (const section of ['files.exclude', 'search.exclude']) {
    const map = vscode.workspace.getConfiguration().get<Record<string, boolean>>(section, {});
    for (const [glob, on] of Object.entries(map)) if (on === true) patterns.push(glob);
  }
  return `{${patterns.join(',')}}`;
}

async function gitignores(exclude: string | undefined, token: vscode.CancellationToken): Promise<GitignoreMatcher> {
  const files = await vscode.workspace.findFiles('**/.gitignore', exclude, undefined, token);
  const entries = await Promise.all(
    files.map(async (uri) => ({
      dir: dirname(uri.fsPath),
      text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)),
    })),
  );
  return new GitignoreMatcher(entries);
}

export interface ScanResult {
  files: number;
  findings: number;
  filesWithFindings: number;
  cancelled: boolean;
}

export async function scanWorkspace(
  client: AnalysisClient,
  store: FindingsStore,
  log: (m: string) => void,
): Promise<ScanResult> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'S3 encryption: scanning workspace', cancellable: true },
    async (progress, token) => {
      const exclude = excludeGlob();
      const ignored = await gitignores(exclude, token);
      const uris = (await vscode.workspace.findFiles(INCLUDE, exclude, undefined, token)).filter(
        (u) => !ignored.ignores(u.fsPath),
      );
      let done = 0;
      let findings = 0;
      let filesWithFindings = 0;
      const queue = [...uris];
      const worker = async (): Promise<void> => {
        for (let uri = queue.shift(); uri && !token.isCancellationRequested; uri = queue.shift()) {
          try {
            const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
            if (detectLanguage(uri.fsPath, text)) {
              const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
              const result = await client.analyze(
                uri.fsPath,
                open?.getText() ?? text,
                readDiagnosticsSettings(uri).options,
              );
              store.set(uri, result, open?.version);
              findings += result.length;
              if (result.length) filesWithFindings++;
            }
          } catch (e) {
            log(`scan: ${vscode.workspace.asRelativePath(uri)}: ${(e as Error).message}`);
          }
          done++;
          progress.report({ increment: 100 / Math.max(1, uris.length), message: `${done}/${uris.length} files` });
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      const cancelled = token.isCancellationRequested;
      log(`workspace scan ${cancelled ? 'cancelled' : 'finished'}: ${done} files, ${findings} findings`);
      return { files: done, findings, filesWithFindings, cancelled };
    },
  );
}
