/** What a portal account may do: owner and admin change things; a viewer only reads. */
export const ADMIN_ROLES = ['owner', 'admin', 'viewer'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const isAdminRole = (value: unknown): value is AdminRole => (ADMIN_ROLES as readonly unknown[]).includes(value);

/** Whether the role may change tokens, attributes and settings. */
export const canWrite = (role: AdminRole): boolean => role !== 'viewer';
