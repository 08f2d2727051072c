// PLACEHOLDER: replaced by the owner of the explorer feature.
import type { Ctx } from '../ctx';

export function registerExplorer(_ctx: Ctx): void {}
