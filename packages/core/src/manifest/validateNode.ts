import type { FieldError } from './fieldErrors.js';
import type { Node } from './types.js';
import { validateObjectMeta } from './validateObjectMeta.js';

/**
 * ValidateNode for what podstate models: the metadata of a cluster-scoped object named by a
 * DNS-1123 subdomain (ValidateNodeName), labels included. Pure.
 */
export function validateNode(node: Node): FieldError[] {
  return validateObjectMeta(node.metadata, false);
}
