import { defineMessages, type Locale } from '../i18n.ts';
import { idpName } from '../../../tokens/token-view.ts';

/** The User Provisioning page's words, in English and French. */
export const provisioningMessages = defineMessages(
  {
    intro:
      "Connect an identity provider: generate a bearer token for it, then paste the token and the SCIM URL into the provider's provisioning settings.",
    scimUrl: 'SCIM URL',
    copy: 'Copy',
    copied: 'Copied',
    copyToken: 'Copy token',
    copyScimUrl: 'Copy SCIM URL',
    generateHeading: 'Generate a token',
    idp: 'Identity provider',
    idpChoose: 'Choose an identity provider',
    idpGeneric: 'Generic SCIM client',
    name: 'Token name (optional)',
    nameHint: 'Tells tokens apart, e.g. "production". Without one, the token is named after its last four characters.',
    expiry: 'Expires',
    expiryNever: 'Never',
    expiry30: 'In 30 days',
    expiry90: 'In 90 days',
    expiry365: 'In 365 days',
    expiryCustom: 'After another number of days',
    days: 'Number of days (for "after another number of days")',
    generate: 'Generate',
    readOnly: 'Your role is read-only: you can see the tokens, but not generate or change them.',
    statusHeading: 'Token Status',
    empty: 'No tokens yet.',
    emptyWriter: 'No tokens yet. Generate one above to connect an identity provider.',
    colIdp: 'IdP',
    colToken: 'Token name / last characters',
    colStatus: 'Status',
    colCreated: 'Created',
    colExpires: 'Expires',
    colLastUsed: 'Last used',
    colRequests: 'Requests (24 h)',
    colErrors: 'Errors (24 h)',
    colActions: 'Actions',
    status_active: 'Active',
    status_inactive: 'Inactive',
    status_expired: 'Expired',
    never: 'Never',
    neverUsed: 'Never',
    renewedAt: 'renewed {at}',
    select: 'Select',
    selectFor: 'Select: actions for token {name}',
    setActive: 'Set Active',
    setInactive: 'Set Inactive',
    renew: 'Renew',
    delete: 'Delete',
    confirmGenerate: 'Generate a new SCIM token for {idp}? It will be shown only once.',
    automaticName: 'Chosen automatically',
    inDays: 'In {days} days',
    cancel: 'Cancel',
    generatedHeading: 'New token for {idp}',
    renewedHeading: 'New secret for token {name} ({idp})',
    saveWarning:
      'Save this token now: copy it into {idp} or a password manager. It will not be shown again; if it is lost, renew the token to get a new secret.',
    oldSecretStops: 'The previous secret of this token no longer works: give {idp} the new one.',
    token: 'Token',
    tokenName: 'Token name',
    back: 'Back to User Provisioning',
    confirmDelete:
      'Delete the token {name} (…{hint}) of {idp}? Requests with it will be refused from now on. This cannot be undone.',
    done_activated: 'The token is active: requests with it are accepted again.',
    done_activatedExpired: 'The token is active, but it has expired: renew it to use it again.',
    done_deactivated: 'The token is inactive: requests with it are refused from now on.',
    done_deleted: 'The token is deleted: requests with it are refused from now on.',
    error_idp: 'Choose an identity provider.',
    error_name: 'A token name has at most {max} characters.',
    error_days: 'Enter a whole number of days from 1 to {max}.',
    error_limit:
      '{idp} already has {max} tokens, the most one identity provider may have (one in use, one being rotated in). Nothing was generated. To get a new secret, renew one of them; or delete one that is no longer used, then generate again.',
  },
  {
    intro:
      "Connectez un fournisseur d'identité : générez-lui un jeton d'accès, puis collez le jeton et l'URL SCIM dans les réglages d'approvisionnement du fournisseur.",
    scimUrl: 'URL SCIM',
    copy: 'Copier',
    copied: 'Copié',
    copyToken: 'Copier le jeton',
    copyScimUrl: "Copier l'URL SCIM",
    generateHeading: 'Générer un jeton',
    idp: "Fournisseur d'identité",
    idpChoose: "Choisissez un fournisseur d'identité",
    idpGeneric: 'Client SCIM générique',
    name: 'Nom du jeton (facultatif)',
    nameHint:
      'Distingue les jetons, par exemple « production ». Sans nom, le jeton porte ses quatre derniers caractères.',
    expiry: 'Expiration',
    expiryNever: 'Jamais',
    expiry30: 'Dans 30 jours',
    expiry90: 'Dans 90 jours',
    expiry365: 'Dans 365 jours',
    expiryCustom: 'Après un autre nombre de jours',
    days: 'Nombre de jours (pour « après un autre nombre de jours »)',
    generate: 'Générer',
    readOnly: 'Votre rôle est en lecture seule : vous voyez les jetons, mais ne pouvez ni en générer ni les modifier.',
    statusHeading: 'État des jetons',
    empty: 'Aucun jeton pour le moment.',
    emptyWriter: "Aucun jeton pour le moment. Générez-en un ci-dessus pour connecter un fournisseur d'identité.",
    colIdp: 'IdP',
    colToken: 'Nom du jeton / derniers caractères',
    colStatus: 'État',
    colCreated: 'Créé',
    colExpires: 'Expire',
    colLastUsed: 'Dernière utilisation',
    colRequests: 'Requêtes (24 h)',
    colErrors: 'Erreurs (24 h)',
    colActions: 'Actions',
    status_active: 'Actif',
    status_inactive: 'Inactif',
    status_expired: 'Expiré',
    never: 'Jamais',
    neverUsed: 'Jamais',
    renewedAt: 'renouvelé le {at}',
    select: 'Choisir',
    selectFor: 'Choisir : actions pour le jeton {name}',
    setActive: 'Activer',
    setInactive: 'Désactiver',
    renew: 'Renouveler',
    delete: 'Supprimer',
    confirmGenerate: 'Générer un nouveau jeton SCIM pour {idp} ? Il ne sera affiché qu’une seule fois.',
    automaticName: 'Choisi automatiquement',
    inDays: 'Dans {days} jours',
    cancel: 'Annuler',
    generatedHeading: 'Nouveau jeton pour {idp}',
    renewedHeading: 'Nouveau secret pour le jeton {name} ({idp})',
    saveWarning:
      "Enregistrez ce jeton maintenant : copiez-le dans {idp} ou dans un gestionnaire de mots de passe. Il ne sera plus affiché ; s'il est perdu, renouvelez le jeton pour obtenir un nouveau secret.",
    oldSecretStops: "L'ancien secret de ce jeton ne fonctionne plus : donnez le nouveau à {idp}.",
    token: 'Jeton',
    tokenName: 'Nom du jeton',
    back: "Retour à l'approvisionnement des utilisateurs",
    confirmDelete:
      'Supprimer le jeton {name} (…{hint}) de {idp} ? Les requêtes qui l’utilisent seront refusées dès maintenant. Cette action est définitive.',
    done_activated: 'Le jeton est actif : les requêtes qui l’utilisent sont de nouveau acceptées.',
    done_activatedExpired: 'Le jeton est actif, mais il a expiré : renouvelez-le pour l’utiliser de nouveau.',
    done_deactivated: 'Le jeton est inactif : les requêtes qui l’utilisent sont refusées dès maintenant.',
    done_deleted: 'Le jeton est supprimé : les requêtes qui l’utilisent sont refusées dès maintenant.',
    error_idp: "Choisissez un fournisseur d'identité.",
    error_name: 'Un nom de jeton a au plus {max} caractères.',
    error_days: 'Saisissez un nombre entier de jours, de 1 à {max}.',
    error_limit:
      "{idp} a déjà {max} jetons, le maximum pour un fournisseur d'identité (un en service, un en cours de remplacement). Aucun jeton n'a été généré. Pour obtenir un nouveau secret, renouvelez l'un d'eux ; ou supprimez celui qui ne sert plus, puis générez de nouveau.",
  },
);

export type ProvisioningTranslate = ReturnType<typeof provisioningMessages>;

/** The notices a redirect back to the page may name in `?done=`. */
export const DONE_NOTICES = ['activated', 'activatedExpired', 'deactivated', 'deleted'] as const;
export type DoneNotice = (typeof DONE_NOTICES)[number];

export const isDoneNotice = (value: unknown): value is DoneNotice =>
  (DONE_NOTICES as readonly unknown[]).includes(value);

/**
 * An IdP's name as the page shows it: the product name, except the generic client, whose
 * name is a description and so is translated.
 *
 * @example idpLabel('fr', 'generic') // 'Client SCIM générique'
 */
export const idpLabel = (locale: Locale, kind: string): string =>
  kind === 'generic' ? provisioningMessages(locale)('idpGeneric') : idpName(kind);
