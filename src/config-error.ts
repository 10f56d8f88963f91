/**
 * A setting in the environment is not usable; the message names it. Apart from config.ts
 * (and zod) so the CLI can recognize it without loading them for `--help`.
 *
 * @example throw new ConfigError('Invalid configuration: PORT: Too big')
 */
export class ConfigError extends Error {}
