import type { AuditEventType } from '../../../audit/audit-event-type.ts';
import { defineMessages, type Locale } from '../i18n.ts';

const EN = {
  'token.created': 'SCIM token created',
  'token.activated': 'SCIM token set active',
  'token.deactivated': 'SCIM token set inactive',
  'token.renewed': 'SCIM token renewed',
  'token.deleted': 'SCIM token deleted',
  'token.expired': 'SCIM token expired',
  'connection.created': 'IdP connection created',
  'connection.renamed': 'IdP connection renamed',
  'connection.deleted': 'IdP connection deleted',
  'app_token.created': 'Application token created',
  'app_token.activated': 'Application token set active',
  'app_token.deactivated': 'Application token set inactive',
  'app_token.renewed': 'Application token renewed',
  'app_token.deleted': 'Application token deleted',
  'attribute.defined': 'Custom attribute added',
  'attribute.changed': 'Custom attribute changed',
  'attribute.removed': 'Custom attribute removed',
  'admin.created': 'Administrator account created',
  'admin.signed_in': 'Administrator signed in',
  'admin.sign_in_failed': 'Sign-in failed',
  'admin.signed_out': 'Administrator signed out',
  'admin.role_changed': 'Administrator role changed',
  'admin.removed': 'Administrator account removed',
  'admin.password_changed': 'Administrator password changed',
  'tenant.created': 'Tenant created',
  'webhook.created': 'Webhook endpoint added',
  'webhook.removed': 'Webhook endpoint removed',
  'webhook.enabled': 'Webhook endpoint enabled',
  'webhook.disabled': 'Webhook endpoint disabled',
  'webhook.secret_rotated': 'Webhook signing secret rotated',
  'webhook.replayed': 'Webhook deliveries replayed',
} as const satisfies Record<AuditEventType, string>;

const labels = defineMessages(EN, {
  'token.created': 'Jeton SCIM créé',
  'token.activated': 'Jeton SCIM activé',
  'token.deactivated': 'Jeton SCIM désactivé',
  'token.renewed': 'Jeton SCIM renouvelé',
  'token.deleted': 'Jeton SCIM supprimé',
  'token.expired': 'Jeton SCIM expiré',
  'connection.created': 'Connexion IdP créée',
  'connection.renamed': 'Connexion IdP renommée',
  'connection.deleted': 'Connexion IdP supprimée',
  'app_token.created': "Jeton d'application créé",
  'app_token.activated': "Jeton d'application activé",
  'app_token.deactivated': "Jeton d'application désactivé",
  'app_token.renewed': "Jeton d'application renouvelé",
  'app_token.deleted': "Jeton d'application supprimé",
  'attribute.defined': 'Attribut personnalisé ajouté',
  'attribute.changed': 'Attribut personnalisé modifié',
  'attribute.removed': 'Attribut personnalisé supprimé',
  'admin.created': 'Compte administrateur créé',
  'admin.signed_in': 'Administrateur connecté',
  'admin.sign_in_failed': 'Échec de connexion',
  'admin.signed_out': 'Administrateur déconnecté',
  'admin.role_changed': "Rôle d'administrateur modifié",
  'admin.removed': 'Compte administrateur supprimé',
  'admin.password_changed': 'Mot de passe administrateur modifié',
  'tenant.created': 'Locataire créé',
  'webhook.created': 'Point de terminaison de webhook ajouté',
  'webhook.removed': 'Point de terminaison de webhook supprimé',
  'webhook.enabled': 'Point de terminaison de webhook activé',
  'webhook.disabled': 'Point de terminaison de webhook désactivé',
  'webhook.secret_rotated': 'Secret de signature de webhook renouvelé',
  'webhook.replayed': 'Livraisons de webhook rejouées',
});

/**
 * What an event type reads as in the audit table and its filter.
 *
 * @example auditEventLabel('fr', 'token.renewed') // 'Jeton SCIM renouvelé'
 */
export const auditEventLabel = (locale: Locale, type: AuditEventType): string => labels(locale)(type);
