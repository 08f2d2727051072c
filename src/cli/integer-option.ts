// The CLI's integer flags (--concurrency, --page-size, --priority, ...): plain decimal digits within a range, or a
// usage error that names the flag, the range and what was given. Number() alone would take '', ' 5 ', '1e3' and
// '0x10' as numbers, and a 20-digit value as an imprecise float.
import { UsageError } from './errors';

const DIGITS = /^[0-9]+$/;
const SIGNED_DIGITS = /^-?[0-9]+$/;

/**
 * `value` of the flag `--name` as an integer from `min` to `max` (both inclusive, within the safe integers).
 * Throws UsageError (exit 2) for anything else.
 */
export function parseIntegerOption(
  name: string,
  value: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  const flag = name.startsWith('-') ? name : `--${name}`;
  const range = max >= Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  const n = (min < 0 ? SIGNED_DIGITS : DIGITS).test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be an integer ${range}, got '${value}'`);
  return n;
}
