import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from '../../scim/error.ts';
import { AdminError } from '../../shared/admin-error.ts';
import { html } from './html.ts';
import { defineMessages, type Locale } from './i18n.ts';
import { renderBarePage, renderPage } from './layout.ts';
import { localeOf } from './portal-locale.ts';
import { PortalError, type PortalErrorReason } from './portal-error.ts';
import { PORTAL_PATHS } from './portal-paths.ts';
import { replyHtml } from './reply-html.ts';
import { adminErrorText } from './admin-error-text.ts';

const t = defineMessages(
  {
    signedOut: 'Please sign in.',
    readOnly: 'Your role is read-only: a viewer cannot change anything.',
    ownerOnly: 'Only an owner can add, change or remove accounts.',
    csrf: 'This form has expired or did not come from this portal. Go back, reload the page and try again.',
    notFound: 'There is nothing here.',
    badRequest: 'The request was not understood.',
    conflict: 'That conflicts with the current state.',
    tooManyAttempts: 'Too many attempts. Wait a few minutes and try again.',
    failed: 'Something went wrong on our side. The error was logged.',
    title: 'Error {status}',
    back: 'Back to User Provisioning',
    signIn: 'Sign in',
  },
  {
    signedOut: 'Veuillez vous connecter.',
    readOnly: 'Votre rôle est en lecture seule : un lecteur ne peut rien modifier.',
    ownerOnly: 'Seul un propriétaire peut ajouter, modifier ou supprimer des comptes.',
    csrf: 'Ce formulaire a expiré ou ne vient pas de ce portail. Revenez en arrière, rechargez la page et réessayez.',
    notFound: "Il n'y a rien ici.",
    badRequest: "La requête n'a pas été comprise.",
    conflict: "Cela entre en conflit avec l'état actuel.",
    tooManyAttempts: 'Trop de tentatives. Attendez quelques minutes puis réessayez.',
    failed: "Une erreur s'est produite de notre côté. Elle a été journalisée.",
    title: 'Erreur {status}',
    back: "Retour à l'approvisionnement des utilisateurs",
    signIn: 'Se connecter',
  },
);

const ADMIN_ERRORS: Record<AdminError['code'], { status: number; reason: PortalErrorReason }> = {
  not_found: { status: 404, reason: 'notFound' },
  conflict: { status: 409, reason: 'conflict' },
  invalid: { status: 400, reason: 'badRequest' },
  limit: { status: 409, reason: 'conflict' },
};

function classify(
  error: unknown,
  locale: Locale,
): { status: number; reason: PortalErrorReason; detail?: string | undefined } {
  if (error instanceof PortalError) return { status: error.status, reason: error.reason, detail: error.detail };
  if (error instanceof AdminError) return { ...ADMIN_ERRORS[error.code], detail: adminErrorText(locale, error) };
  // A SCIM service's error keeps its status; its English detail is written for IdPs, not shown here.
  const status = error instanceof ScimError ? error.status : (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return { status, reason: REASON_BY_STATUS[status] ?? 'badRequest' };
  return { status: 500, reason: 'failed' };
}

const REASON_BY_STATUS: Partial<Record<number, PortalErrorReason>> = {
  404: 'notFound',
  409: 'conflict',
  412: 'conflict',
  429: 'tooManyAttempts',
};

/** Renders every portal error as a page in the request's language; never a stack trace. */
export function installPortalErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const locale = localeOf(req);
    const { status, reason, detail } = classify(error, locale);
    if (status >= 500) req.log.error({ err: error }, 'portal request failed');
    const m = t(locale);
    const body = html`<p class="notice error" role="alert">${m(reason)}</p>${detail && html`<p>${detail}</p>`}
<p>${req.portal ? html`<a href="${PORTAL_PATHS.provisioning}">${m('back')}</a>` : html`<a href="${PORTAL_PATHS.signIn}">${m('signIn')}</a>`}</p>`;
    const title = m('title', { status });
    const page = req.portal
      ? renderPage(req.portal, { title, active: 'provisioning', body })
      : renderBarePage(locale, title, body);
    return replyHtml(reply, status, page);
  });
}
