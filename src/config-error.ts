/**
 * A setting in the environment is not usable; one line per problem, each naming its
 * variable. Apart from config.ts so the CLI can recognize it without loading zod.
 *
 * @example throw new ConfigError(['PORT must be an integer from 0 to 65535, got "http"'])
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}
