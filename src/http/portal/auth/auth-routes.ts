import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_HOURS } from '../../../admins/sessions-service.ts';
import type { Roster } from '../../../roster.ts';
import { AdminError } from '../../../shared/admin-error.ts';
import { cookiesOf, secureCookies, setCookie } from '../cookies.ts';
import { formOf, queryOf } from '../form-body.ts';
import { isLocale, LOCALE_COOKIE } from '../i18n.ts';
import { portalOf } from '../portal-context.ts';
import { localeOf } from '../portal-locale.ts';
import { PORTAL_PATHS } from '../portal-paths.ts';
import { PRE_SESSION_CSRF_COOKIE, SESSION_COOKIE } from '../portal-session.ts';
import { authMessages } from './auth-messages.ts';
import { setupPage, signInPage } from './auth-views.ts';
import { replyHtml } from '../reply-html.ts';
import { adminErrorText } from '../admin-error-text.ts';

/** Only a path inside the portal is a place to go back to (never another origin). */
const safeNext = (next: string | undefined): string =>
  next && next.startsWith(`${PORTAL_PATHS.home}/`) && !next.startsWith('//') && !/[\\\r\n]/.test(next)
    ? next
    : PORTAL_PATHS.provisioning;

/** The pre-session CSRF token: the cookie's, or a new one set now. */
function preSessionCsrf(req: FastifyRequest, reply: FastifyReply): string {
  const existing = cookiesOf(req)[PRE_SESSION_CSRF_COOKIE];
  if (existing && /^[\w-]{32,}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  setCookie(reply, PRE_SESSION_CSRF_COOKIE, token, { sameSite: 'Strict', secure: secureCookies(req) });
  return token;
}

/** Sign-in, sign-out, first-run setup and the language switch. */
export function registerAuthRoutes(app: FastifyInstance, roster: Roster): void {
  const startSession = (req: FastifyRequest, reply: FastifyReply, secret: string): void =>
    setCookie(reply, SESSION_COOKIE, secret, {
      sameSite: 'Lax',
      secure: secureCookies(req),
      maxAge: SESSION_HOURS * 3600,
    });

  app.get(PORTAL_PATHS.signIn, async (req, reply) => {
    const query = queryOf(req);
    const locale = localeOf(req);
    const notice =
      query.done === 'signed-out' ? { kind: 'success' as const, text: authMessages(locale)('signedOut') } : undefined;
    return replyHtml(
      reply,
      200,
      signInPage(locale, {
        csrf: preSessionCsrf(req, reply),
        next: safeNext(query.next),
        setupOpen: await roster.setup.open(),
        notice,
      }),
    );
  });

  app.post(PORTAL_PATHS.signIn, async (req, reply) => {
    const form = formOf(req);
    const locale = localeOf(req);
    const m = authMessages(locale);
    const result = await roster.signIn.attempt(form.email ?? '', form.password ?? '', req.ip, req.id);
    if (result.kind === 'signed_in') {
      startSession(req, reply, result.secret);
      return reply.redirect(safeNext(form.next), 303);
    }
    const state = { csrf: preSessionCsrf(req, reply), next: safeNext(form.next), setupOpen: false, email: form.email };
    if (result.kind === 'limited') {
      reply.header('retry-after', String(result.retryAfterSeconds));
      return replyHtml(
        reply,
        429,
        signInPage(locale, {
          ...state,
          notice: { kind: 'error', text: m('limited', { minutes: Math.ceil(result.retryAfterSeconds / 60) }) },
        }),
      );
    }
    return replyHtml(
      reply,
      401,
      signInPage(locale, { ...state, notice: { kind: 'error', text: m('wrongCredentials') } }),
    );
  });

  app.post(PORTAL_PATHS.signOut, async (req, reply) => {
    const ctx = portalOf(req);
    await roster.sessions.signOut(cookiesOf(req)[SESSION_COOKIE], ctx.admin, req.id);
    setCookie(reply, SESSION_COOKIE, '', { sameSite: 'Lax', secure: secureCookies(req), maxAge: 0 });
    return reply.redirect(`${PORTAL_PATHS.signIn}?done=signed-out`, 303);
  });

  app.get(PORTAL_PATHS.setup, async (req, reply) => {
    if (!(await roster.setup.open())) return reply.redirect(PORTAL_PATHS.signIn, 303);
    return replyHtml(reply, 200, setupPage(localeOf(req), { csrf: preSessionCsrf(req, reply) }));
  });

  app.post(PORTAL_PATHS.setup, async (req, reply) => {
    const form = formOf(req);
    const locale = localeOf(req);
    const m = authMessages(locale);
    const again = (status: number, text: string) =>
      replyHtml(
        reply,
        status,
        setupPage(locale, { csrf: preSessionCsrf(req, reply), email: form.email, notice: { kind: 'error', text } }),
      );
    if ((form.password ?? '') !== (form.password2 ?? '')) return again(400, m('passwordsDiffer'));
    try {
      await roster.setup.complete(
        form.code ?? '',
        { email: form.email ?? '', password: form.password ?? '' },
        req.ip,
        req.id,
      );
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      if (error.code === 'conflict') return reply.redirect(PORTAL_PATHS.signIn, 303);
      return again(error.code === 'limit' ? 429 : 400, adminErrorText(locale, error));
    }
    const result = await roster.signIn.attempt(form.email ?? '', form.password ?? '', req.ip, req.id);
    if (result.kind === 'signed_in') startSession(req, reply, result.secret);
    return reply.redirect(PORTAL_PATHS.provisioning, 303);
  });

  app.get(PORTAL_PATHS.language, async (req, reply) => {
    const query = queryOf(req);
    if (isLocale(query.to))
      setCookie(reply, LOCALE_COOKIE, query.to, { sameSite: 'Lax', secure: secureCookies(req), maxAge: 365 * 86_400 });
    return reply.redirect(
      query.back?.startsWith(`${PORTAL_PATHS.home}/`) || query.back === PORTAL_PATHS.home
        ? safeNext(query.back)
        : PORTAL_PATHS.signIn,
      303,
    );
  });
}
