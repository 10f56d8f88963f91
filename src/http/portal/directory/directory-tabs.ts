import { html, type SafeHtml } from '../html.ts';
import type { PortalContext } from '../portal-context.ts';
import { directoryMessages } from './directory-messages.ts';
import { DIRECTORY_PATHS } from './directory-paths.ts';

/** Users | Groups: the Directory's two lists, the current one marked. */
export function directoryTabs(ctx: PortalContext, current: 'users' | 'groups'): SafeHtml {
  const m = directoryMessages(ctx.locale);
  const tab = (key: 'users' | 'groups', href: string) =>
    html`<li><a href="${href}"${key === current ? html` aria-current="page"` : ''}>${m(key)}</a></li>`;
  return html`<nav class="tabs" aria-label="${m('users')} / ${m('groups')}"><ul>${tab('users', DIRECTORY_PATHS.users)}${tab('groups', DIRECTORY_PATHS.groups)}</ul></nav>`;
}
