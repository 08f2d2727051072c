// Lint options shared by the CLI flags and the editor settings.
import { DEFAULT_EMULATOR_HOSTS } from './urls';
import type { RuleId, Severity } from './types';

export interface LintOptions {
  /** Per-rule severity; 'off' disables the rule. */
  severities?: Partial<Record<RuleId, Severity | 'off'>>;
  /** When set, only these rules run. */
  rules?: readonly RuleId[];
  /** Host names treated like loopback for s3-http-endpoint (local emulators). */
  emulatorHosts?: readonly string[];
  /** "Require SSE-KMS": s3-missing-sse becomes a warning and also flags SSE-S3 (AES256). */
  requireSseKms?: boolean;
}

export interface ResolvedOptions {
  severities: Partial<Record<RuleId, Severity | 'off'>>;
  rules?: ReadonlySet<RuleId>;
  emulatorHosts: readonly string[];
  requireSseKms: boolean;
}

export function resolveOptions(o: LintOptions = {}): ResolvedOptions {
  return {
    severities: o.severities ?? {},
    rules: o.rules ? new Set(o.rules) : undefined,
    emulatorHosts: o.emulatorHosts ?? DEFAULT_EMULATOR_HOSTS,
    requireSseKms: o.requireSseKms ?? false,
  };
}
