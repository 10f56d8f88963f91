import { ADMIN_MESSAGES, fillTemplate, templateOf } from '../../shared/admin-messages.ts';
import type { AdminError } from '../../shared/admin-error.ts';
import type { Locale } from './i18n.ts';

/** Every {@link ADMIN_MESSAGES} code in French; the type checker says which are missing. */
const FR: { readonly [K in keyof typeof ADMIN_MESSAGES]: string } = {
  rangeBackwards: 'La période se termine ({until}) avant de commencer ({since})',
  notADateTime: "« {text} » n'est pas une date et heure pour {name} : utilisez ISO 8601, par ex. 2026-01-02T10:00:00Z",
  badCursor: "Ce curseur n'a pas été donné par cette liste",
  badPageLink: "Ce lien de page n'a pas été donné par cette liste",
  badPageSize: 'La taille de page doit être un nombre entier de 1 à {max}',
  setupLimited: "Trop de codes d'installation erronés ; attendez 15 minutes",
  setupDone: "L'installation est déjà faite : connectez-vous",
  setupCodeWrong:
    "Ce code d'installation est erroné ou a expiré : utilisez le code affiché par le serveur à son dernier démarrage",
  lastOwnerDemoted:
    "{email} est le dernier propriétaire du locataire et doit garder ce rôle : faites d'abord d'un autre compte un propriétaire",
  lastOwnerRemoved:
    "{email} est le dernier propriétaire du locataire et doit rester : faites d'abord d'un autre compte un propriétaire",
  notAnEmail: "« {email} » n'est pas une adresse e-mail",
  noSuchAccount: "Ce compte n'existe pas dans ce locataire",
  noAccount: 'Aucun compte {email} dans ce locataire',
  accountGone: "Ce compte n'existe plus",
  accountExists: 'Un compte existe déjà pour {email}',
  unknownRole: 'Rôle inconnu « {role} » : utilisez owner, admin ou viewer',
  cannotRemoveSelf: 'Vous ne pouvez pas supprimer votre propre compte : un autre propriétaire le peut',
  passwordTooShort: 'Un mot de passe doit avoir au moins {min} caractères',
  passwordTooLong: 'Un mot de passe peut avoir au plus {max} caractères',
  samePassword: "Le nouveau mot de passe doit différer de l'actuel",
  passwordChangedMeanwhile: 'Le mot de passe a été changé entre-temps : reconnectez-vous',
  unknownEventType: "Type d'événement d'audit inconnu « {type} » ; les types sont : {types}",
  badAttributeName:
    "« {name} » n'est pas un nom d'attribut valide : une lettre, puis des lettres, chiffres, « _ » ou « - » (64 caractères au plus)",
  unknownAttributeType: 'Type inconnu « {type} ». Utilisez : {types}',
  unknownMutability: 'Mutabilité inconnue « {mutability} ». Utilisez : {mutabilities}',
  descriptionTooLong: 'Une description a au plus {max} caractères',
  noAttribute: "L'attribut personnalisé « {name} » n'est pas défini",
  attributeTaken: 'Un attribut nommé « {name} » est déjà défini (les noms ne distinguent pas la casse)',
  tooManyAttributes: 'Un locataire peut définir au plus {max} attributs personnalisés',
  'typeInUse.one':
    "Impossible de changer le type de « {name} » de {from} en {to} : {count} utilisateur en a une valeur. Supprimez l'attribut (ce qui supprime ses valeurs) et définissez-le à nouveau, ou définissez un nouvel attribut.",
  'typeInUse.other':
    "Impossible de changer le type de « {name} » de {from} en {to} : {count} utilisateurs en ont une valeur. Supprimez l'attribut (ce qui supprime ses valeurs) et définissez-le à nouveau, ou définissez un nouvel attribut.",
  'multiValuedInUse.one':
    "Impossible de rendre « {name} » multivalué : {count} utilisateur en a une valeur. Supprimez l'attribut (ce qui supprime ses valeurs) et définissez-le à nouveau, ou définissez un nouvel attribut.",
  'multiValuedInUse.other':
    "Impossible de rendre « {name} » multivalué : {count} utilisateurs en ont une valeur. Supprimez l'attribut (ce qui supprime ses valeurs) et définissez-le à nouveau, ou définissez un nouvel attribut.",
  'singleValuedInUse.one':
    "Impossible de rendre « {name} » monovalué : {count} utilisateur en a une valeur. Supprimez l'attribut (ce qui supprime ses valeurs) et définissez-le à nouveau, ou définissez un nouvel attribut.",
  'singleValuedInUse.other':
    "Impossible de rendre « {name} » monovalué : {count} utilisateurs en ont une valeur. Supprimez l'attribut (ce qui supprime ses valeurs) et définissez-le à nouveau, ou définissez un nouvel attribut.",
  badTenantSlug:
    'Identifiant de locataire invalide « {slug} » : de 1 à 63 lettres minuscules, chiffres et tirets intérieurs',
  tenantNameLength: 'Un nom de locataire a de 1 à 200 caractères',
  tenantExists: 'Le locataire « {slug} » existe déjà',
  connectionNameLength: 'Un nom de connexion a de 1 à {max} caractères',
  noConnection: 'Aucune connexion {id}',
  noConnectionById: 'Aucune connexion « {text} »',
  ambiguousConnection: "« {text} » désigne plus d'une connexion ({ids}…) ; donnez davantage de l'identifiant",
  tokenLifetime: "La durée de vie d'un jeton est un nombre entier de jours, au moins 1",
  tokenNameLength: 'Un nom de jeton a de 1 à {max} caractères',
  noToken: 'Aucun jeton « {text} »',
  ambiguousToken: "« {text} » désigne plus d'un jeton ({ids}…) ; donnez davantage de l'identifiant",
  tooManyTokens: 'La connexion {connection} a déjà {max} jetons, le maximum. Renouvelez ou supprimez-en un.',
  appNameLength: "Un nom d'application a de 1 à {max} caractères",
  unknownScope: 'Portée inconnue « {scope} ». Utilisez une ou plusieurs de : {scopes}',
  noScope: 'Une application a besoin d’au moins une portée : {scopes}',
  appScopesDiffer:
    "L'application « {name} » existe avec les portées {scopes}, que tous ses jetons partagent : demandez ces portées (ou, en ligne de commande, aucune) pour lui ajouter un jeton, ou choisissez un autre nom",
  tooManyAppTokens: "L'application « {name} » a déjà {max} jetons, le maximum. Renouvelez ou supprimez-en un.",
  noAppToken: "Aucun jeton d'application « {text} »",
  ambiguousAppToken: "« {text} » désigne plus d'un jeton d'application ({ids}…) ; donnez davantage de l'identifiant",
  noWebhook: 'Aucun point de terminaison de webhook « {text} »',
  ambiguousWebhook:
    "« {text} » désigne plus d'un point de terminaison de webhook ({ids}…) ; donnez davantage de l'identifiant",
  badWebhookUrl:
    "« {url} » n'est pas une URL de webhook : une URL absolue sans utilisateur ni mot de passe, de 2000 caractères au plus",
  webhookNotHttps:
    'Une URL de webhook doit commencer par https:// ({url}) ; http:// seulement si ROSTER_WEBHOOKS_ALLOW_HTTP=true',
  webhookPrivateAddress:
    '{host} est ou désigne une adresse de bouclage, locale au lien ou privée ({address}) : un webhook ne peut la viser que si ROSTER_WEBHOOKS_ALLOW_PRIVATE=true',
  unknownFeedEventType: "Type d'événement inconnu « {type} » ; les types sont : {types}",
  unknownWebhookFormat: 'Format de webhook inconnu « {format} » ; les formats sont : {formats}',
  notSetEventType:
    "Un point de terminaison Security Event Token (format set) ne reçoit que les événements des ressources SCIM ; « {type} » n'en est pas un. Ce sont : {types}",
  noSecretKey:
    "Les secrets de signature des webhooks sont stockés chiffrés et aucune clé n'est définie : définissez ROSTER_SECRET_KEY (au moins 32 caractères, la même sur chaque instance)",
  tooManyWebhooks: 'Un locataire peut avoir au plus {max} points de terminaison de webhook',
  replayPruned:
    'Les événements jusqu’au seq {through} ont été supprimés par la rétention : rejouez à partir du seq {first} ou plus tard',
  replayAhead: 'Le seq {seq} est au-delà du dernier événement du flux ({last})',
  badReplayStart:
    'Rejouez à partir d’un seq (un nombre entier à partir de 1) ou d’une date (ISO 8601, par ex. 2026-01-02T10:00:00Z)',
};

const CATALOGS: Record<Locale, Readonly<Record<string, string>>> = { en: ADMIN_MESSAGES, fr: FR };

/**
 * An administrative error's message in the reader's language, from its code and params.
 *
 * @example adminErrorText('fr', new AdminError('not_found', 'noToken', { text: '3f2a' })) // 'Aucun jeton « 3f2a »'
 */
export function adminErrorText(locale: Locale, error: AdminError): string {
  return fillTemplate(templateOf(CATALOGS[locale], locale, error.key, error.params), error.params);
}
