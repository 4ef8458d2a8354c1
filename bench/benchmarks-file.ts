/**
 * BENCHMARKS.md is written by two scripts: `npm run bench` (bench/run.ts: load and database figures) and
 * `npx tsx bench/page-weight.ts` (the "Page weight" section). Each replaces only its own part, so running one does
 * not lose the other's figures.
 */

export const PAGE_WEIGHT_HEADING = '## Page weight';

/** The "Page weight" section of a BENCHMARKS.md text (to the next "## " heading), or '' when there is none. */
export function pageWeightSection(text: string): string {
  const start = text.indexOf(`\n${PAGE_WEIGHT_HEADING}\n`);
  if (start === -1) return '';
  const rest = text.slice(start + 1);
  const next = rest.indexOf('\n## ', PAGE_WEIGHT_HEADING.length);
  return (next === -1 ? rest : rest.slice(0, next + 1)).trimEnd();
}

/** The text with its "Page weight" section replaced by `section` (appended when it had none). */
export function replaceSection(text: string, section: string): string {
  const old = pageWeightSection(text);
  if (!old) return `${text.trimEnd()}\n\n${section.trimEnd()}\n`;
  return text.replace(old, section.trimEnd());
}
