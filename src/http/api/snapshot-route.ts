import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { SnapshotItem } from '../../events/directory-snapshot.ts';
import type { Roster } from '../../roster.ts';
import { baseUrlOf } from '../base-url.ts';
import { streamGroup } from '../scim/group-stream.ts';
import { projectionOf } from '../scim/projection.ts';
import { appWith } from './api-auth.ts';
import { encodeFeedCursor } from './feed-cursor.ts';

const AS_RETURNED = projectionOf({});

/**
 * `GET /api/v1/snapshot` (scopes `directory:read` and `events:read`): NDJSON, one object a
 * line. First `{"type":"snapshot","cursor","takenAt"}` (read the feed from `cursor`), then
 * `{"type":"user","resource"}` for every user, `{"type":"group","resource"}` for every
 * group with its members, last `{"type":"end","users","groups"}`: a response without
 * that line was cut short. Written as it is read, waiting for the client to take each
 * chunk (constant memory; a group's members are written a page at a time).
 */
export function registerSnapshotRoute(app: FastifyInstance, roster: Roster): void {
  app.get('/snapshot', async (request, reply) => {
    const { tenantId } = appWith(request, 'directory:read', 'events:read');
    const out = new PassThrough();
    // A client that goes away ends the read (and its transaction) at the next chunk.
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    const write = async (text: string): Promise<void> => {
      if (gone.signal.aborted) throw new Error('the client went away');
      if (!out.write(text)) await once(out, 'drain', { signal: gone.signal });
    };
    const visit = async (item: SnapshotItem): Promise<void> => {
      switch (item.kind) {
        case 'start':
          return write(
            `${JSON.stringify({ type: 'snapshot', cursor: encodeFeedCursor(item.lastSeq), takenAt: item.takenAt })}\n`,
          );
        case 'user':
          return write(`${JSON.stringify({ type: 'user', resource: item.resource })}\n`);
        case 'group':
          await write('{"type":"group","resource":');
          for await (const chunk of streamGroup(item.schema, item.resource, item.members, AS_RETURNED)) {
            await write(String(chunk));
          }
          return write('}\n');
        case 'end':
          return write(`${JSON.stringify({ type: 'end', users: item.users, groups: item.groups })}\n`);
      }
    };
    roster.snapshots.read(tenantId, { baseUrl: baseUrlOf(request) }, visit).then(
      () => out.end(),
      (error: unknown) => {
        if (!gone.signal.aborted) request.log.error({ err: error }, 'snapshot failed');
        out.destroy();
      },
    );
    return reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(out);
  });
}
