// What a bucket node shows after audits: the summary of the audit run last (not of the newest inventory date),
// with the NOT-SSE share and the SSE-C count; a second audit of the same report replaces the first.
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { AuditHistory, summaryText } from '../../../src/vscode/audit/audit-history';
import type { AuditHistoryPoint } from '../../../src/vscode/audit/protocol';

/** The part of VS Code's Memento the history uses, in memory. */
function memento(): vscode.Memento {
  const data = new Map<string, unknown>();
  return {
    keys: () => [...data.keys()],
    get: <T>(key: string, fallback?: T) => (data.has(key) ? (data.get(key) as T) : fallback),
    update: (key: string, value: unknown) => {
      data.set(key, value);
      return Promise.resolve();
    },
  };
}

const point = (date: string, auditedAt: string, byEncryption: Record<string, number>): AuditHistoryPoint => ({
  date,
  auditedAt,
  source: 'inventory',
  objects: Object.values(byEncryption).reduce((a, b) => a + b, 0),
  bytes: 0,
  byEncryption,
});

describe('audit history and the bucket summary', () => {
  it('summarises the NOT-SSE share and the SSE-C count; "all SSE" when nothing is unencrypted', () => {
    assert.equal(
      summaryText(point('2026-11-29T01:00:00.000Z', '', { 'SSE-S3': 700, 'NOT-SSE': 240, 'SSE-C': 1060 })),
      'audit 2026-11-29: 12% NOT-SSE, 1,060 SSE-C',
    );
    assert.equal(summaryText(point('2026-11-28T01:00:00.000Z', '', { 'SSE-KMS': 10 })), 'audit 2026-11-28: all SSE');
  });

  it('the bucket shows the audit run last, and re-auditing a report replaces its point', async () => {
    const history = new AuditHistory(memento());
    await history.add('c', 'b', point('2026-11-29T01:00:00.000Z', '2026-11-30T08:00:00.000Z', { 'NOT-SSE': 1 }));
    // An older report audited later is what the user last looked at.
    await history.add('c', 'b', point('2026-11-20T01:00:00.000Z', '2026-11-30T09:00:00.000Z', { 'SSE-S3': 1 }));
    assert.equal(history.latest('c', 'b')?.date, '2026-11-20T01:00:00.000Z');
    await history.add('c', 'b', point('2026-11-29T01:00:00.000Z', '2026-11-30T10:00:00.000Z', { 'SSE-S3': 3 }));
    const points = history.of('c', 'b');
    assert.deepEqual(
      points.map((p) => p.date),
      ['2026-11-20T01:00:00.000Z', '2026-11-29T01:00:00.000Z'],
    );
    assert.deepEqual(history.latest('c', 'b')?.byEncryption, { 'SSE-S3': 3 });
    assert.equal(history.latest('c', 'other'), undefined);
  });
});
