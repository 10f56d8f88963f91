export { coerceValue, type OnIgnored } from './coerce-value.ts';
export { normalizeAttribute } from './normalize-attribute.ts';
export { normalizeResource, type NormalizedResource } from './normalize-resource.ts';
export { projectResource } from './project-resource.ts';
export { parseAttributeList } from './parse-attribute-list.ts';
