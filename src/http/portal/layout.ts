import { html, type HtmlValue, type SafeHtml } from './html.ts';
import { defineMessages, type Locale } from './i18n.ts';
import type { PortalContext } from './portal-context.ts';
import { PORTAL_PATHS, type NavKey } from './portal-paths.ts';
import { assetUrl } from './static-assets.ts';

const t = defineMessages(
  {
    admin: 'Admin',
    identity: 'Identity',
    directory: 'Directory',
    accounts: 'Accounts',
    webhooks: 'Webhooks',
    changePassword: 'Change password',
    provisioning: 'User Provisioning',
    applications: 'Applications',
    audit: 'Audit History',
    attributes: 'SCIM Attributes',
    log: 'Provisioning log',
    signOut: 'Sign out',
    signedInAs: 'Signed in as {email} ({role})',
    language: 'Language',
    skip: 'Skip to content',
    breadcrumb: 'Breadcrumb',
    mainNav: 'Main',
    owner: 'owner',
    admin_role: 'administrator',
    viewer: 'viewer (read-only)',
  },
  {
    admin: 'Administration',
    identity: 'Identité',
    directory: 'Annuaire',
    accounts: 'Comptes',
    webhooks: 'Webhooks',
    changePassword: 'Changer le mot de passe',
    provisioning: 'Approvisionnement des utilisateurs',
    applications: 'Applications',
    audit: "Historique d'audit",
    attributes: 'Attributs SCIM',
    log: "Journal d'approvisionnement",
    signOut: 'Se déconnecter',
    signedInAs: 'Connecté en tant que {email} ({role})',
    language: 'Langue',
    skip: 'Aller au contenu',
    breadcrumb: "Fil d'Ariane",
    mainNav: 'Principale',
    owner: 'propriétaire',
    admin_role: 'administrateur',
    viewer: 'lecteur (lecture seule)',
  },
);

/** The layout's own words, for pages that need the navigation's labels (titles, breadcrumbs). */
export const layoutMessages = t;

const NAV: readonly { key: NavKey; href: string; section: 'admin' | 'identity' | 'directory' }[] = [
  { key: 'accounts', href: PORTAL_PATHS.accounts, section: 'admin' },
  { key: 'webhooks', href: PORTAL_PATHS.webhooks, section: 'admin' },
  { key: 'provisioning', href: PORTAL_PATHS.provisioning, section: 'identity' },
  { key: 'applications', href: PORTAL_PATHS.applications, section: 'identity' },
  { key: 'audit', href: PORTAL_PATHS.audit, section: 'identity' },
  { key: 'attributes', href: PORTAL_PATHS.attributes, section: 'identity' },
  { key: 'log', href: PORTAL_PATHS.log, section: 'identity' },
  { key: 'directory', href: PORTAL_PATHS.users, section: 'directory' },
];

export interface PageOptions {
  readonly title: string;
  /** The navigation entry to mark as current; none for a page outside the navigation (Change password). */
  readonly active?: NavKey | undefined;
  readonly body: HtmlValue;
  /** A notice shown above the page (after a POST-redirect-GET, for instance). */
  readonly notice?: { readonly kind: 'success' | 'error'; readonly text: string } | undefined;
}

function languageSwitch(locale: Locale, back: string): SafeHtml {
  const other: Locale = locale === 'en' ? 'fr' : 'en';
  const label = other === 'fr' ? 'Français' : 'English';
  return html`<a class="lang" lang="${other}" hreflang="${other}" href="${PORTAL_PATHS.language}?to=${other}&amp;back=${encodeURIComponent(back)}">${label}</a>`;
}

/** A whole signed-in page: header, navigation (Admin › Identity › …), the body. */
export function renderPage(ctx: PortalContext, options: PageOptions): string {
  const m = t(ctx.locale);
  const section =
    options.active === undefined ? 'admin' : (NAV.find((n) => n.key === options.active)?.section ?? 'identity');
  const roleLabel = ctx.admin.role === 'admin' ? m('admin_role') : m(ctx.admin.role);
  return document(
    ctx.locale,
    options.title,
    html`
<a class="skip" href="#main">${m('skip')}</a>
<header class="top">
  <a class="brand" href="${PORTAL_PATHS.home}">Roster</a>
  <span class="who">${m('signedInAs', { email: ctx.admin.email, role: roleLabel })}</span>
  ${languageSwitch(ctx.locale, ctx.url)}
  <a href="${PORTAL_PATHS.password}">${m('changePassword')}</a>
  <form method="post" action="${PORTAL_PATHS.signOut}" class="inline">
    <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
    <button type="submit" class="link">${m('signOut')}</button>
  </form>
</header>
<nav aria-label="${m('mainNav')}" class="side">
  <p class="section">${m('admin')}</p>
  <ul>${NAV.filter((n) => n.section === 'admin').map((n) => navItem(n, options.active, m(n.key)))}</ul>
  <p class="section">${m('identity')}</p>
  <ul>${NAV.filter((n) => n.section === 'identity').map((n) => navItem(n, options.active, m(n.key)))}</ul>
  <p class="section">${m('directory')}</p>
  <ul>${NAV.filter((n) => n.section === 'directory').map((n) => navItem(n, options.active, m(n.key)))}</ul>
</nav>
<main id="main">
  <nav aria-label="${m('breadcrumb')}" class="crumbs"><ol><li>${m('admin')}</li>${section !== 'admin' && html`<li>${m(section)}</li>`}<li aria-current="page">${options.title}</li></ol></nav>
  <h1>${options.title}</h1>
  ${options.notice && html`<p class="notice ${options.notice.kind}" role="${options.notice.kind === 'error' ? 'alert' : 'status'}">${options.notice.text}</p>`}
  ${options.body}
</main>`,
  );
}

function navItem(item: { key: NavKey; href: string }, active: NavKey | undefined, label: string): SafeHtml {
  return html`<li><a href="${item.href}"${item.key === active ? html` aria-current="page"` : ''}>${label}</a></li>`;
}

/** A page outside the signed-in frame (sign-in, first-run setup, errors before sign-in). */
export function renderBarePage(
  locale: Locale,
  title: string,
  body: HtmlValue,
  back: string = PORTAL_PATHS.signIn,
): string {
  return document(
    locale,
    title,
    html`
<header class="top"><span class="brand">Roster</span>${languageSwitch(locale, back)}</header>
<main id="main" class="narrow"><h1>${title}</h1>${body}</main>`,
  );
}

function document(locale: Locale, title: string, content: SafeHtml): string {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Roster</title>
<link rel="stylesheet" href="${assetUrl('portal.css')}">
<script src="${assetUrl('portal.js')}" defer></script>
</head>
<body>${content}</body>
</html>`.value;
}
