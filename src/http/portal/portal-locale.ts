import type { FastifyRequest } from 'fastify';
import { cookiesOf } from './cookies.ts';
import { LOCALE_COOKIE, pickLocale, type Locale } from './i18n.ts';

/** The language of a portal request: the switcher's cookie, else Accept-Language. */
export const localeOf = (req: FastifyRequest): Locale =>
  req.portal?.locale ?? pickLocale(req.headers['accept-language'], cookiesOf(req)[LOCALE_COOKIE]);
