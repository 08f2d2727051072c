// Typed reads of the s3enc.diagnostics.* settings.
import * as vscode from 'vscode';
import type { LintOptions } from '../../core/analysis/options';
import { RULE_IDS, type RuleId, type Severity } from '../../core/analysis/types';

export interface DiagnosticsSettings {
  enabled: boolean;
  debounceMs: number;
  options: LintOptions;
}

export function readDiagnosticsSettings(scope?: vscode.Uri): DiagnosticsSettings {
  const c = vscode.workspace.getConfiguration('s3enc.diagnostics', scope);
  const raw = c.get<Record<string, string>>('severity', {});
  const severities: Partial<Record<RuleId, Severity | 'off'>> = {};
  for (const [rule, sev] of Object.entries(raw)) {
    if ((RULE_IDS as readonly string[]).includes(rule) && ['error', 'warning', 'info', 'off'].includes(sev)) {
      severities[rule as RuleId] = sev as Severity | 'off';
    }
  }
  return {
    enabled: c.get<boolean>('enabled', true),
    debounceMs: Math.max(0, c.get<number>('debounceMs', 300)),
    options: {
      severities,
      emulatorHosts: c.get<string[]>('emulatorHosts', ['minio', 'localstack', 's3mock']),
      requireSseKms: c.get<boolean>('requireSseKms', false),
    },
  };
}
