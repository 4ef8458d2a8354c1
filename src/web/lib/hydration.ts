import { useMatches } from 'react-router';

/**
 * Pages that need no script: the public portal and the citizen's own pages are plain server-rendered HTML whose
 * forms post to route actions, so they ship without React's bundle (about 100 KB compressed, the whole page-weight
 * budget of a citizen's first visit on a mobile connection; see BENCHMARKS.md "Page weight"). A route opts out with
 * `export const handle = NO_SCRIPTS;` — everything still works, links and forms simply load whole documents.
 */
export const NO_SCRIPTS = { hydrate: false } as const;

/** False when the page being shown opted out of scripts (any matched route saying so). */
export function useHydrated(): boolean {
  return !useMatches().some((m) => (m.handle as { hydrate?: unknown } | undefined)?.hydrate === false);
}
