// Messages between the audit report webview and the extension. Pure types: the webview bundle and the
// extension both import them.
import type { AuditReport } from '../../core/audit/report';

/** One past audit of a bucket, for the trend chart. */
export interface AuditHistoryPoint {
  /** The inventory date, or the time of a scan (ISO). */
  date: string;
  /** When the audit ran (ISO): the newest run is what bucket nodes show. */
  auditedAt: string;
  source: 'inventory' | 'scan';
  objects: number;
  bytes: number;
  /** Objects per status. */
  byEncryption: Record<string, number>;
}

export interface ShowReportMessage {
  type: 'report';
  report: AuditReport;
  history: AuditHistoryPoint[];
}

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'openPrefix'; prefix: string }
  | { type: 'reencrypt'; prefix: string; statuses: string[] }
  | { type: 'export'; format: 'json' | 'csv' | 'athena' };
