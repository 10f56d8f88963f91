export { applyPatch, type PatchResult } from './apply-patch.ts';
export type { MemberOp, MemberRef } from './member-ops.ts';
export { parsePatchBody, MAX_OPERATIONS, type PatchOperation } from './patch-op.ts';
export { parsePatchPath, type PatchPath } from './patch-path.ts';
