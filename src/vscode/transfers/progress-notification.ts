// A cancellable progress notification showing bytes, percent and speed; cancel aborts the transfer (and so
// its multipart upload). Every transfer is tracked, so deactivating the extension cancels them all too.
import * as vscode from 'vscode';
import { InFlightTransfers } from '../../core/transfer/in-flight';
import { ProgressTracker, formatProgress } from '../../core/transfer/progress';

const inFlight = new InFlightTransfers();

/**
 * For deactivate(): cancels every transfer in flight and resolves once each has cleaned up (multipart upload
 * aborted, temp file removed); returns what was cleaned up.
 */
export function cancelAllTransfers(): Promise<readonly string[]> {
  return inFlight.abortAll();
}

export interface TransferProgress {
  signal: AbortSignal;
  onBytes: (bytes: number) => void;
  item: (label: string) => void;
}

export function withTransferProgress<T>(
  title: string,
  totalBytes: number | undefined,
  run: (p: TransferProgress) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let lastPercent = 0;
      let label = '';
      let lastDraw = 0;
      const tracker = new ProgressTracker(title, totalBytes, (snap) => {
        const now = Date.now();
        if (now - lastDraw < 250 && snap.percent !== 100) return;
        lastDraw = now;
        const increment = snap.percent !== undefined ? snap.percent - lastPercent : undefined;
        if (snap.percent !== undefined) lastPercent = snap.percent;
        progress.report({ message: `${label ? `${label}: ` : ''}${formatProgress(snap)}`, increment });
      });
      return inFlight.run(
        ({ signal }) =>
          run({
            signal,
            onBytes: (n) => tracker.add(n),
            item: (l) => {
              label = l;
              progress.report({ message: l });
            },
          }),
        controller.signal,
      );
    },
  );
}
