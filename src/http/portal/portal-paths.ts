/** Where each portal page lives; pages link through these, never through literals. */
export const PORTAL_PATHS = {
  home: '/admin',
  setup: '/admin/setup',
  signIn: '/admin/sign-in',
  signOut: '/admin/sign-out',
  language: '/admin/language',
  accounts: '/admin/accounts',
  webhooks: '/admin/webhooks',
  password: '/admin/account/password',
  provisioning: '/admin/identity/user-provisioning',
  applications: '/admin/identity/applications',
  audit: '/admin/identity/audit-history',
  auditCsv: '/admin/identity/audit-history.csv',
  attributes: '/admin/identity/scim-attributes',
  log: '/admin/identity/provisioning-log',
  users: '/admin/directory/users',
  groups: '/admin/directory/groups',
  assets: '/admin/assets',
} as const;

/** The navigation's entries, in order. */
export type NavKey =
  'accounts' | 'webhooks' | 'provisioning' | 'applications' | 'audit' | 'attributes' | 'directory' | 'log';
