/** A `{{name}}` that no initial variable or earlier step defined. */
export class UndefinedVariableError extends Error {
  constructor(readonly variable: string) {
    super(`Variable '${variable}' was not defined`);
    this.name = 'UndefinedVariableError';
  }
}

/**
 * Runscope's template substitution: every `{{name}}` becomes the variable's value. As in
 * Runscope, an undefined variable fails the step rather than sending an empty string.
 *
 * @example fillTemplate('{{SCIMBaseURL}}/Users', { SCIMBaseURL: 'http://x/scim/v2' }) // 'http://x/scim/v2/Users'
 */
export function fillTemplate(template: string, variables: ReadonlyMap<string, string>): string {
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_, name: string) => {
    const value = variables.get(name);
    if (value === undefined) throw new UndefinedVariableError(name);
    return value;
  });
}
