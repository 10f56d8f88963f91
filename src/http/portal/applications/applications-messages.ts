import { defineMessages } from '../i18n.ts';

/** What each Select action's redirect says on the page. */
export const APP_DONE_NOTICES = ['activated', 'deactivated', 'deleted'] as const;
export type AppDoneNotice = (typeof APP_DONE_NOTICES)[number];

export const isAppDoneNotice = (value: unknown): value is AppDoneNotice =>
  (APP_DONE_NOTICES as readonly unknown[]).includes(value);

/** The Applications page's words, in English and French. */
export const applicationsMessages = defineMessages(
  {
    intro:
      'Applications are the host application’s own credentials: read-only tokens that read the change feed (events:read) and Users and Groups through SCIM (directory:read). They never write.',
    feedUrl: 'Change feed URL',
    copyFeedUrl: 'Copy change feed URL',
    createHeading: 'Create an application token',
    name: 'Application name',
    nameHint:
      'A new name creates the application with the scopes checked; an existing name adds a second token to it (for rotation): its tokens share its scopes, so check the same ones.',
    scopes: 'Scopes',
    scope_events: 'events:read — read the change feed',
    scope_directory: 'directory:read — read Users and Groups (SCIM GET and .search)',
    create: 'Create',
    readOnly: 'Your role is read-only: you can see the application tokens, but not create or change them.',
    statusHeading: 'Application tokens',
    empty: 'No application tokens yet.',
    colApplication: 'Application',
    colScopes: 'Scopes',
    colToken: 'Last characters',
    colStatus: 'Status',
    colCreated: 'Created',
    colLastUsed: 'Last used',
    colActions: 'Actions',
    status_active: 'Active',
    status_inactive: 'Inactive',
    never: 'Never',
    renewedAt: 'renewed {at}',
    select: 'Select',
    selectFor: 'Select: actions for the token …{hint} of {name}',
    setActive: 'Set Active',
    setInactive: 'Set Inactive',
    renew: 'Renew',
    delete: 'Delete',
    cancel: 'Cancel',
    createdHeading: 'New token for the application {name}',
    renewedHeading: 'New secret for the token of {name}',
    saveWarning:
      'Save this token now, in the application’s configuration or a password manager. It will not be shown again; if it is lost, renew the token to get a new secret.',
    oldSecretStops: 'The previous secret of this token no longer works.',
    token: 'Token',
    copyToken: 'Copy token',
    back: 'Back to Applications',
    confirmDelete:
      'Delete the token …{hint} of the application {name}? Requests with it will be refused from now on. This cannot be undone.',
    confirmDeleteLast: 'It is the application’s last token: the application is deleted with it.',
    done_activated: 'The token is active: requests with it are accepted again.',
    done_deactivated: 'The token is inactive: requests with it are refused from now on.',
    done_deleted: 'The token is deleted: requests with it are refused from now on.',
  },
  {
    intro:
      "Les applications sont les identifiants de l'application hôte : des jetons en lecture seule qui lisent le flux des changements (events:read) et les utilisateurs et groupes par SCIM (directory:read). Ils n'écrivent jamais.",
    feedUrl: 'URL du flux des changements',
    copyFeedUrl: "Copier l'URL du flux des changements",
    createHeading: "Créer un jeton d'application",
    name: "Nom de l'application",
    nameHint:
      "Un nouveau nom crée l'application avec les portées cochées ; un nom existant lui ajoute un second jeton (pour la rotation) : ses jetons partagent ses portées, cochez donc les mêmes.",
    scopes: 'Portées',
    scope_events: 'events:read — lire le flux des changements',
    scope_directory: 'directory:read — lire les utilisateurs et groupes (SCIM GET et .search)',
    create: 'Créer',
    readOnly:
      "Votre rôle est en lecture seule : vous voyez les jetons d'application, mais ne pouvez ni en créer ni les modifier.",
    statusHeading: "Jetons d'application",
    empty: "Aucun jeton d'application pour le moment.",
    colApplication: 'Application',
    colScopes: 'Portées',
    colToken: 'Derniers caractères',
    colStatus: 'État',
    colCreated: 'Créé',
    colLastUsed: 'Dernière utilisation',
    colActions: 'Actions',
    status_active: 'Actif',
    status_inactive: 'Inactif',
    never: 'Jamais',
    renewedAt: 'renouvelé le {at}',
    select: 'Choisir',
    selectFor: 'Choisir : actions pour le jeton …{hint} de {name}',
    setActive: 'Activer',
    setInactive: 'Désactiver',
    renew: 'Renouveler',
    delete: 'Supprimer',
    cancel: 'Annuler',
    createdHeading: "Nouveau jeton pour l'application {name}",
    renewedHeading: 'Nouveau secret pour le jeton de {name}',
    saveWarning:
      "Enregistrez ce jeton maintenant, dans la configuration de l'application ou un gestionnaire de mots de passe. Il ne sera plus affiché ; s'il est perdu, renouvelez le jeton pour obtenir un nouveau secret.",
    oldSecretStops: "L'ancien secret de ce jeton ne fonctionne plus.",
    token: 'Jeton',
    copyToken: 'Copier le jeton',
    back: 'Retour aux applications',
    confirmDelete:
      "Supprimer le jeton …{hint} de l'application {name} ? Les requêtes qui l’utilisent seront refusées dès maintenant. Cette action est définitive.",
    confirmDeleteLast: "C'est le dernier jeton de l'application : l'application est supprimée avec lui.",
    done_activated: 'Le jeton est actif : les requêtes qui l’utilisent sont de nouveau acceptées.',
    done_deactivated: 'Le jeton est inactif : les requêtes qui l’utilisent sont refusées dès maintenant.',
    done_deleted: 'Le jeton est supprimé : les requêtes qui l’utilisent sont refusées dès maintenant.',
  },
);

export type ApplicationsTranslate = ReturnType<typeof applicationsMessages>;
