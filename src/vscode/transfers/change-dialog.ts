// The dry-run confirmation of "Change Encryption…": what will change, and only the choices that apply
// (replacing KMS keys is offered only when some object uses one). Pure, so tests read what users read.
import { isKmsMode } from '../../core/encryption/modes';
import { reportedModeName, type SseReporting } from '../../core/s3/endpoint-probe';
import type { ChangePlan } from '../../core/transfer/change-encryption';
import { formatBytes } from '../../core/transfer/progress';

export const CHANGE = 'Change Encryption';
export const CHANGE_AND_REPLACE_KMS = 'Also replace KMS keys';

/** `sseReporting`: what the endpoint reports (endpoint-probe); on a silent one, "none" is counted as "not reported". */
export function changeDialog(
  plan: ChangePlan,
  mode: string,
  where: string,
  sseReporting?: SseReporting,
): { message: string; buttons: string[] } {
  const counts = Object.entries(plan.countsByMode)
    .map(([m, n]) => `${n} ${reportedModeName(m, sseReporting)}`)
    .join(', ');
  const blocked = plan.objects.filter((o) => o.blocker);
  const usesKms = Object.keys(plan.countsByMode).some((m) => isKmsMode(m));
  const message = [
    `Dry run for ${where}: ${plan.objects.length} object(s), ${formatBytes(plan.bytes)} (${counts || 'none'}) → ${mode}.`,
    blocked.length
      ? `${blocked.length} will be skipped (${blocked[0].blocker}${blocked.length > 1 ? ', …' : ''}).`
      : '',
    'Each object is replaced only once its new version is complete; a failure leaves it as it was.',
    usesKms ? `SSE-KMS objects keep their KMS key unless you choose "${CHANGE_AND_REPLACE_KMS}".` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return { message, buttons: usesKms ? [CHANGE, CHANGE_AND_REPLACE_KMS] : [CHANGE] };
}
