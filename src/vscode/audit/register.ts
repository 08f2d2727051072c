// The audit feature: the "Audit Encryption…" command, the report view, and each bucket's last audit summary
// in the tree. All counting is core's (src/core/audit); this folder only asks, shows and remembers.
import type { Ctx } from '../ctx';
import type { ExplorerServices } from '../services';
import { auditCommands } from './audit-command';
import { AuditHistory, summaryText } from './audit-history';

/** Needs the explorer's services: S3 clients, bucket annotations, showing a prefix. */
export function registerAudit(ctx: Ctx, services: ExplorerServices): void {
  const history = new AuditHistory(ctx.extension.globalState);
  services.explorer.annotateBuckets((connectionId, bucket) => {
    const last = history.latest(connectionId, bucket);
    return last ? summaryText(last) : undefined;
  });
  const handlers = auditCommands({
    ctx,
    services,
    history,
    onAudited: (ref) => services.explorer.refresh({ connectionId: ref.connectionId, bucket: ref.bucket }),
  });
  for (const [id, handler] of Object.entries(handlers)) ctx.command(id, handler);
}
