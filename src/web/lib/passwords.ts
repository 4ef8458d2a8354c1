import type { MessageKey } from '../../platform/i18n/index.ts';

const PROBLEMS = ['tooShort', 'tooLong', 'tooSimple', 'containsUsername'] as const;

/**
 * The message for a WEAK_PASSWORD refusal: the first reason the service gave, in the people module's words, or
 * the general rule when the reason is unknown.
 */
export function weakPasswordMessage(details: Record<string, unknown> | undefined): MessageKey {
  const reasons = Array.isArray(details?.reasons) ? (details.reasons as unknown[]) : [];
  const first = PROBLEMS.find((p) => reasons.includes(p));
  return first ? `people.passwordProblems.${first}` : 'web.auth.reset.weak';
}
