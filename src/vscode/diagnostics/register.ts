// PLACEHOLDER: replaced by the owner of the diagnostics feature.
import type { Ctx } from '../ctx';

export function registerDiagnostics(_ctx: Ctx): void {}
