/** The portal's languages; English is the default. */
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/** The cookie that remembers a language chosen with the switcher. */
export const LOCALE_COOKIE = 'roster_lang';

/**
 * The language for a request: the switcher's cookie, else the best of Accept-Language.
 *
 * @example pickLocale('fr-CA,fr;q=0.9,en;q=0.8', undefined) // 'fr'
 */
export function pickLocale(acceptLanguage: string | undefined, cookie: string | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.lang).find(isLocale) ?? 'en';
}

export type Translate<K extends string> = (key: K, params?: Readonly<Record<string, string | number>>) => string;

/**
 * One page's messages in every language; French must name every English key (the type
 * checker says which are missing). `{name}` placeholders are filled from params.
 *
 * @example
 * const messages = defineMessages({ hello: 'Hello {name}' }, { hello: 'Bonjour {name}' });
 * messages('fr')('hello', { name: 'Ann' }) // 'Bonjour Ann'
 */
export function defineMessages<const E extends Record<string, string>>(
  en: E,
  fr: { readonly [K in keyof E]: string },
): (locale: Locale) => Translate<Extract<keyof E, string>> {
  const catalogs: Record<Locale, Record<string, string>> = { en, fr };
  return (locale) => (key, params) => {
    const template = catalogs[locale][key] ?? en[key] ?? key;
    return params
      ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
      : template;
  };
}

// Building an Intl formatter costs far more than using one: one per locale, made once.
const DATE_TIME: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }),
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }),
};
const NUMBER: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-US'),
  fr: new Intl.NumberFormat('fr-FR'),
};

/** A date and time as the locale writes them, in UTC so every instance shows the same. */
export function formatDateTime(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${DATE_TIME[locale].format(date)} UTC`;
}

const PLURALS: Record<Locale, Intl.PluralRules> = { en: new Intl.PluralRules('en'), fr: new Intl.PluralRules('fr') };

/**
 * The form a count takes in the locale, for messages with a `_one` and an `_other` key
 * (French counts 0 and 1 as one; English only 1).
 *
 * @example pluralOf('fr', 0) // 'one'
 */
export const pluralOf = (locale: Locale, n: number): 'one' | 'other' =>
  PLURALS[locale].select(n) === 'one' ? 'one' : 'other';

/** A number as the locale writes it. */
export const formatNumber = (locale: Locale, n: number): string => NUMBER[locale].format(n);
