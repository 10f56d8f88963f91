import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { PORTAL_PATHS } from './portal-paths.ts';

const TYPES = { 'portal.css': 'text/css; charset=utf-8', 'portal.js': 'text/javascript; charset=utf-8' } as const;
type AssetName = keyof typeof TYPES;

/** The portal's only files: one stylesheet and one script (copy buttons), loaded once. */
const ASSETS = Object.fromEntries(
  (Object.keys(TYPES) as AssetName[]).map((name) => {
    const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
    return [name, { body, version: createHash('sha256').update(body).digest('hex').slice(0, 12) }];
  }),
) as Record<AssetName, { body: Buffer; version: string }>;

/** An asset's URL, versioned by its content so browsers may cache it for good. */
export const assetUrl = (name: AssetName): string => `${PORTAL_PATHS.assets}/${name}?v=${ASSETS[name].version}`;

export function registerStaticAssets(app: FastifyInstance): void {
  app.get<{ Params: { name: string } }>(`${PORTAL_PATHS.assets}/:name`, async (req, reply) => {
    const name = req.params.name as AssetName;
    // Own keys only: `in` would also find `constructor` and the rest of Object.prototype.
    if (!Object.hasOwn(TYPES, name)) return reply.code(404).type('text/plain').send('Not found');
    return reply
      .type(TYPES[name])
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(ASSETS[name].body);
  });
}
