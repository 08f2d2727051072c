// PLACEHOLDER: replaced by the owner of the transfers feature.
import type { Ctx } from '../ctx';

export function registerTransfers(_ctx: Ctx): void {}
