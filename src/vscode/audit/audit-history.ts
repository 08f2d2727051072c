// Past audits per bucket, kept in the extension's global state: the trend chart reads them, and bucket nodes
// show the newest one's summary. Only counts are stored (no keys).
import type * as vscode from 'vscode';
import type { AuditReport } from '../../core/audit/report';
import type { AuditHistoryPoint } from './protocol';

const KEY = 's3enc.audit.history';
const MAX_POINTS = 60;

type Stored = Record<string, AuditHistoryPoint[]>;

export function historyPointOf(report: AuditReport): AuditHistoryPoint {
  return {
    date: report.inventoryDate ?? new Date().toISOString(),
    auditedAt: new Date().toISOString(),
    source: report.source,
    objects: report.objects,
    bytes: report.bytes,
    byEncryption: Object.fromEntries(Object.entries(report.byEncryption).map(([s, c]) => [s, c.objects])),
  };
}

/** "audit 2026-11-29: 12% NOT-SSE, 3 SSE-C" — what a bucket node shows. */
export function summaryText(p: AuditHistoryPoint): string {
  const pct = (n: number): string => `${p.objects ? Math.round((n / p.objects) * 100) : 0}%`;
  const notSse = p.byEncryption['NOT-SSE'] ?? 0;
  const ssec = p.byEncryption['SSE-C'] ?? 0;
  const parts = [
    notSse ? `${pct(notSse)} NOT-SSE` : 'all SSE',
    ...(ssec ? [`${ssec.toLocaleString('en-US')} SSE-C`] : []),
  ];
  return `audit ${p.date.slice(0, 10)}: ${parts.join(', ')}`;
}

export class AuditHistory {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Stored {
    return this.state.get<Stored>(KEY) ?? {};
  }

  of(connectionId: string, bucket: string): AuditHistoryPoint[] {
    return this.all()[`${connectionId}/${bucket}`] ?? [];
  }

  /** The audit run last (not the newest inventory date: an older report may be audited later). */
  latest(connectionId: string, bucket: string): AuditHistoryPoint | undefined {
    let last: AuditHistoryPoint | undefined;
    for (const p of this.of(connectionId, bucket)) if (!last || (p.auditedAt ?? '') >= (last.auditedAt ?? '')) last = p;
    return last;
  }

  /** Adds a point; a second audit of the same inventory date replaces the first. */
  async add(connectionId: string, bucket: string, point: AuditHistoryPoint): Promise<AuditHistoryPoint[]> {
    const all = this.all();
    const id = `${connectionId}/${bucket}`;
    const points = (all[id] ?? []).filter(
      (p) => !(p.source === 'inventory' && point.source === 'inventory' && p.date === point.date),
    );
    points.push(point);
    points.sort((a, b) => a.date.localeCompare(b.date));
    all[id] = points.slice(-MAX_POINTS);
    await this.state.update(KEY, all);
    return all[id];
  }
}
