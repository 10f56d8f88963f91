import { PORTAL_PATHS } from '../portal-paths.ts';

/** What can be done to one custom attribute from its Select menu. */
export type AttributeAction = 'edit' | 'deprecate' | 'remove';

/**
 * The SCIM Attributes pages' URLs: the page (its Add form posts to it), and each
 * attribute's edit page, deprecate toggle and remove step.
 *
 * @example ATTRIBUTES_PATHS.attribute('badgeNumber', 'remove') // '/admin/identity/scim-attributes/badgeNumber/remove'
 */
export const ATTRIBUTES_PATHS = {
  page: PORTAL_PATHS.attributes,
  attribute: (name: string, action: AttributeAction): string =>
    `${PORTAL_PATHS.attributes}/${encodeURIComponent(name)}/${action}`,
  /** The route pattern of an action, its name a parameter. */
  route: (action: AttributeAction): string => `${PORTAL_PATHS.attributes}/:name/${action}`,
} as const;
