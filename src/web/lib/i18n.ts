import { useRouteLoaderData } from 'react-router';
import { DEFAULT_LANGUAGE, type Language, type Translate, translate, translator } from '../../platform/i18n/index.ts';
import type { loader as rootLoader } from '../root.tsx';

/** The reader's language, from the root loader (Vietnamese when the root failed to load). */
export function useLanguage(): Language {
  const root = useRouteLoaderData<typeof rootLoader>('root');
  return root?.language ?? DEFAULT_LANGUAGE;
}

/** The translate function for the reader's language. */
export function useT(): Translate {
  return translator(useLanguage());
}

/** Looks up a key built at run time (error codes, enum values); falls back to the key's Vietnamese text. */
export function useTx(): (key: string, params?: Record<string, string | number>) => string {
  const language = useLanguage();
  return (key, params) => translate(language, key, params);
}

/** A calendar date (YYYY-MM-DD) as readers write it: 30/06/2025 in Vietnamese, 30 Jun 2025 in English. */
export function formatDate(language: Language, isoDate: string | null | undefined): string {
  if (!isoDate) {
    return '';
  }
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  if (language === 'vi') {
    return `${d}/${m}/${y}`;
  }
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(d)} ${months[Number(m) - 1] ?? m} ${y}`;
}

/** A moment (ISO timestamp) in Vietnam's time zone, e.g. 14:05 30/06/2025. */
export function formatDateTime(language: Language, iso: string | Date | null | undefined): string {
  if (!iso) {
    return '';
  }
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(date);
}
