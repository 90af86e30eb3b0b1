/** The languages FirstLine speaks. Every user-facing string exists in each of them. */
export const LANGUAGES = ['en', 'de', 'pl', 'ro'] as const;
export type Lang = (typeof LANGUAGES)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
