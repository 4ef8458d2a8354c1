import { en } from './en.ts';
import { vi } from './vi.ts';

/** Vietnamese first; English second. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

/** Every message of the platform, in Vietnamese: the dictionary every other language must match key for key. */
export type Messages = DeepStrings<typeof vi>;
type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** Dotted paths to every message, e.g. `errors.NOT_FOUND`. */
export type MessageKey = Paths<typeof vi>;
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

const dictionaries: Record<Language, Messages> = { vi, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** True when `value` names a supported language. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Looks a message up and fills `{name}` placeholders. A missing key falls back to Vietnamese, then to the key
 * itself, so a gap shows up on screen instead of breaking the page.
 */
export function translate(language: Language, key: string, params?: Record<string, string | number>): string {
  const text = lookup(dictionaries[language], key) ?? lookup(dictionaries.vi, key) ?? key;
  if (!params) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translate function bound to one language, as handed to pages. */
export function translator(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}

function lookup(dictionary: Messages, key: string): string | undefined {
  let node: unknown = dictionary;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}
