// `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it (rules with help links, relative URIs,
// 1-based regions, and the quick fixes as SARIF fixes). Files that could not be analysed are
// invocations[0].toolExecutionNotifications, one per file, with the notice code as descriptor id.
import { pathToFileURL } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';
import type { FileFindings, FileNotice } from '../../core/analysis/lint-files';
import { RULES } from '../../core/analysis/rules';
import { docsUrl } from '../../core/analysis/rules/rule';
import { LineIndex } from '../../core/analysis/text-positions';
import type { Severity } from '../../core/analysis/types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return relative('.', file).split(sep).map(encodeURIComponent).join('/');
}

export function toSarif(
  results: readonly FileFindings[],
  version: string,
  notices: readonly FileNotice[] = [],
): object {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 's3enc',
            version,
            informationUri: docsUrl('s3-http-endpoint').replace(/rules\/.*$/, 'diagnostics.md'),
            rules: RULES.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.description },
              helpUri: docsUrl(r.meta.id),
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: notices.map((n) => ({
              level: 'warning',
              message: { text: `${n.file}: ${n.message}` },
              descriptor: { id: n.code },
              locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(n.file) } } }],
            })),
          },
        ],
        results: results.flatMap(({ file, findings, text }) => {
          const lines = text !== undefined ? new LineIndex(text) : undefined;
          const uri = artifactUri(file);
          return findings.map((f) => ({
            ruleId: f.rule,
            ruleIndex: ruleIndex.get(f.rule),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri },
                  region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
                },
              },
            ],
            ...(lines && f.fixes.length
              ? {
                  fixes: f.fixes.map((fix) => ({
                    description: { text: fix.title },
                    artifactChanges: [
                      {
                        artifactLocation: { uri },
                        replacements: fix.edits.map((e) => {
                          const s = lines.position(e.start);
                          const en = lines.position(e.end);
                          return {
                            deletedRegion: {
                              startLine: s.line,
                              startColumn: s.column,
                              endLine: en.line,
                              endColumn: en.column,
                            },
                            insertedContent: { text: e.newText },
                          };
                        }),
                      },
                    ],
                  })),
                }
              : {}),
          }));
        }),
      },
    ],
  };
}
