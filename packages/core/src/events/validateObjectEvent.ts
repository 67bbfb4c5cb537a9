import { formatFieldError } from '../manifest/fieldErrors.js';
import type { ConfigMap, Secret } from '../manifest/types.js';
import { validateConfigMap, validateSecret } from '../manifest/validateConfigObjects.js';

/**
 * A `secret.applied` / `configmap.applied` event carries an object the API server would have
 * validated (keys, base64 that decodes, size): the same checks, in its wording, joined with "; ".
 * Undefined when valid or for any other event type. Never shows Secret values. Pure.
 */
export function validateObjectEvent(
  type: string,
  stream: string,
  data: Record<string, unknown>,
): string | undefined {
  if (type !== 'secret.applied' && type !== 'configmap.applied') return undefined;
  const [, sns, sname] = stream.split('/');
  const metadata = {
    name: (data.name as string | undefined) ?? sname ?? '',
    namespace: (data.namespace as string | undefined) ?? sns ?? 'default',
  };
  const errors =
    type === 'secret.applied'
      ? validateSecret({ apiVersion: 'v1', kind: 'Secret', metadata, data: data.data as Secret['data'] })
      : validateConfigMap({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata,
          data: data.data as ConfigMap['data'],
          binaryData: data.binaryData as ConfigMap['binaryData'],
        });
  if (errors.length === 0) return undefined;
  const kind = type === 'secret.applied' ? 'Secret' : 'ConfigMap';
  return `${kind} "${metadata.name}" is invalid: ${errors.map(formatFieldError).join('; ')}`;
}
