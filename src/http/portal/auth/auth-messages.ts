import { defineMessages } from '../i18n.ts';

/** The words of the sign-in, sign-out and first-run setup pages. */
export const authMessages = defineMessages(
  {
    signInTitle: 'Sign in',
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    wrongCredentials: 'The email or password is wrong.',
    limited: 'Too many failed attempts. Try again in {minutes} min.',
    signedOut: 'You are signed out.',
    setupFirst: 'No account exists yet. Set up the portal with the code the server printed.',
    setupLink: 'First-run setup',
    setupTitle: 'Set up Roster',
    setupIntro:
      'Create the first account, the owner of the organization. Enter the one-time setup code that the server printed when it started.',
    setupCode: 'Setup code',
    confirmPassword: 'Repeat the password',
    passwordHint: 'At least 12 characters.',
    passwordsDiffer: 'The two passwords differ.',
    createOwner: 'Create the owner account',
    setupDone: 'Setup is already done: sign in.',
  },
  {
    signInTitle: 'Connexion',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    wrongCredentials: "L'adresse e-mail ou le mot de passe est incorrect.",
    limited: 'Trop de tentatives échouées. Réessayez dans {minutes} min.',
    signedOut: 'Vous êtes déconnecté.',
    setupFirst: "Aucun compte n'existe encore. Configurez le portail avec le code affiché par le serveur.",
    setupLink: 'Configuration initiale',
    setupTitle: 'Configurer Roster',
    setupIntro:
      "Créez le premier compte, propriétaire de l'organisation. Saisissez le code de configuration à usage unique que le serveur a affiché au démarrage.",
    setupCode: 'Code de configuration',
    confirmPassword: 'Répétez le mot de passe',
    passwordHint: 'Au moins 12 caractères.',
    passwordsDiffer: 'Les deux mots de passe diffèrent.',
    createOwner: 'Créer le compte propriétaire',
    setupDone: 'La configuration est déjà faite : connectez-vous.',
  },
);
