import { admitServiceAccount } from './admitServiceAccount.js';
import { defaultPod } from './defaultPod.js';
import { dedupeFieldErrors, type FieldError } from './fieldErrors.js';
import type { KubeObject } from './types.js';
import { validateConfigMap, validateSecret } from './validateConfigObjects.js';
import { validateNode } from './validateNode.js';
import { validatePod } from './validatePod.js';

/**
 * Validates any object podstate accepts as the API server would on create: a Pod after its API
 * defaults (as the server defaults before it validates), a Node, Secret or ConfigMap as is.
 * Repeated messages are dropped, as ErrorList.ToAggregate does. Pure.
 */
export function validateObject(object: KubeObject): FieldError[] {
  switch (object.kind) {
    case 'Pod':
      // The API server defaults, then runs mutating admission (ServiceAccount), then validates.
      return dedupeFieldErrors(validatePod(admitServiceAccount(defaultPod(object))));
    case 'Node':
      return dedupeFieldErrors(validateNode(object));
    case 'Secret':
      return dedupeFieldErrors(validateSecret(object));
    case 'ConfigMap':
      return dedupeFieldErrors(validateConfigMap(object));
  }
}
