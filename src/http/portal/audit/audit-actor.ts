import { defineMessages, type Locale } from '../i18n.ts';

const t = defineMessages(
  { cli: 'Command line', cliUser: 'Command line ({user})', system: 'Roster (automatic)' },
  { cli: 'Ligne de commande', cliUser: 'Ligne de commande ({user})', system: 'Roster (automatique)' },
);

/**
 * An event's stored actor (`cli`, `cli:<user>`, `admin:<email>`, `system`) as a person
 * reads it: an administrator by their email, the CLI and Roster itself by name.
 *
 * @example actorText('en', 'admin:ann@example.com') // 'ann@example.com'
 */
export function actorText(locale: Locale, actor: string): string {
  const m = t(locale);
  if (actor === 'system') return m('system');
  if (actor === 'cli') return m('cli');
  if (actor.startsWith('cli:')) return m('cliUser', { user: actor.slice('cli:'.length) });
  if (actor.startsWith('admin:')) return actor.slice('admin:'.length);
  return actor;
}
