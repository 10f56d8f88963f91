import type { SchemaDef } from './attribute.ts';
import { coreGroupSchema } from './core-group.ts';
import { coreUserSchema } from './core-user.ts';
import { enterpriseUserSchema } from './enterprise-user.ts';
import type { ResourceSchema } from './resource-schema.ts';

/** The User resource type; `custom` is the tenant's own extension, when it has one. */
export function userResourceSchema(custom?: SchemaDef): ResourceSchema {
  return {
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    core: coreUserSchema,
    extensions: custom ? [enterpriseUserSchema, custom] : [enterpriseUserSchema],
  };
}

export const groupResourceSchema: ResourceSchema = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  core: coreGroupSchema,
  extensions: [],
};
