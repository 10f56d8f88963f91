import { PORTAL_PATHS } from '../portal-paths.ts';

/** What can be done to one endpoint from its page. */
export const ENDPOINT_ACTIONS = ['enable', 'disable', 'rotate', 'test', 'replay', 'remove'] as const;
export type EndpointAction = (typeof ENDPOINT_ACTIONS)[number];

/**
 * The Webhooks pages' URLs: the list (its Add form posts to it), each endpoint's page
 * (its delivery log) and its actions.
 *
 * @example WEBHOOKS_PATHS.action('3f2a…', 'replay') // '/admin/webhooks/3f2a…/replay'
 */
export const WEBHOOKS_PATHS = {
  page: PORTAL_PATHS.webhooks,
  endpoint: (id: string): string => `${PORTAL_PATHS.webhooks}/${encodeURIComponent(id)}`,
  action: (id: string, action: EndpointAction): string =>
    `${PORTAL_PATHS.webhooks}/${encodeURIComponent(id)}/${action}`,
} as const;
