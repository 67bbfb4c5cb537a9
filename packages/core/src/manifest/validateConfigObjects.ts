import type { FieldError } from './fieldErrors.js';
import type { ConfigMap, ObjectMeta, Secret } from './types.js';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, utf8Length } from './volumePaths.js';
import { decodeBase64Std } from './volumePathsBase64.js';

export { decodeBase64Std } from './volumePathsBase64.js';

/** core.MaxSecretSize, also the ConfigMap limit: 1 MiB. @internal */
export const maxConfigObjectSize = 1024 * 1024;

/** The placeholder the API server shows instead of Secret bytes in validation errors. */
const redacted = '<secret contents redacted>';

function validateMeta(meta: ObjectMeta | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (!meta?.name)
    errs.push({ field: 'metadata.name', type: 'Required value', detail: 'name or generateName is required' });
  else
    for (const d of isDNS1123Subdomain(meta.name))
      errs.push({ field: 'metadata.name', type: 'Invalid value', value: meta.name, detail: d });
  if (meta?.namespace) {
    for (const d of isDNS1123Label(meta.namespace)) {
      errs.push({ field: 'metadata.namespace', type: 'Invalid value', value: meta.namespace, detail: d });
    }
  }
  return errs;
}

function keyErrors(bag: string, key: string): FieldError[] {
  return isConfigMapKey(key).map((detail) => ({
    field: `${bag}[${key}]`,
    type: 'Invalid value',
    value: key,
    detail,
  }));
}

/** Decodes one base64 wire value, or the error the API server's decoder gives (never the value). */
function decodeField(
  bag: string,
  key: string,
  b64: string,
  secret: boolean,
): { bytes: Uint8Array } | FieldError {
  const r = decodeBase64Std(b64);
  if ('bytes' in r) return r;
  return {
    field: `${bag}[${key}]`,
    type: 'Invalid value',
    value: secret ? redacted : key,
    detail: `illegal base64 data at input byte ${r.errorAt}`,
  };
}

/**
 * Validates a Secret as the API server does (ValidateSecret: metadata, keys IsConfigMapKey, total
 * size, type-specific required keys) after decoding `data` from base64 and merging `stringData`
 * over it, as the API server does on write. Errors never contain Secret values. Pure.
 * @internal
 */
export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateMeta(secret.metadata);
  const data = new Map<string, Uint8Array>();
  for (const key of Object.keys(secret.data ?? {}).sort()) {
    const r = decodeField('data', key, secret.data?.[key] ?? '', true);
    if ('bytes' in r) data.set(key, r.bytes);
    else errs.push(r);
  }
  for (const [key, v] of Object.entries(secret.stringData ?? {})) data.set(key, new TextEncoder().encode(v));
  let total = 0;
  for (const key of [...data.keys()].sort()) {
    errs.push(...keyErrors('data', key));
    total += data.get(key)?.length ?? 0;
  }
  if (total > maxConfigObjectSize) {
    errs.push({
      field: 'data',
      type: 'Too long',
      detail: `may not be more than ${maxConfigObjectSize} bytes`,
    });
  }
  const need = (key: string) => {
    if (!data.has(key)) errs.push({ field: `data[${key}]`, type: 'Required value' });
  };
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        errs.push({
          field: 'metadata.annotations[kubernetes.io/service-account.name]',
          type: 'Required value',
        });
      }
      break;
    case 'kubernetes.io/dockercfg':
      need('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      need('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!data.has('username') && !data.has('password')) {
        need('username');
        need('password');
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if ((data.get('ssh-privatekey')?.length ?? 0) === 0) {
        errs.push({ field: 'data[ssh-privatekey]', type: 'Required value' });
      }
      break;
    case 'kubernetes.io/tls':
      need('tls.crt');
      need('tls.key');
      break;
    default:
      break;
  }
  return errs;
}

/**
 * Validates a ConfigMap as the API server does (ValidateConfigMap): keys IsConfigMapKey in both
 * bags, a key in `data` and `binaryData` at once, the 1 MiB total, and `binaryData` base64. Pure.
 * @internal
 */
export function validateConfigMap(configMap: ConfigMap): FieldError[] {
  const errs = validateMeta(configMap.metadata);
  const data = configMap.data ?? {};
  const binary = configMap.binaryData ?? {};
  let total = 0;
  for (const key of Object.keys(data).sort()) {
    errs.push(...keyErrors('data', key));
    if (Object.hasOwn(binary, key)) {
      errs.push({
        field: `data[${key}]`,
        type: 'Invalid value',
        value: key,
        detail: 'duplicate of key present in binaryData',
      });
    }
    total += utf8Length(data[key] ?? '');
  }
  for (const key of Object.keys(binary).sort()) {
    errs.push(...keyErrors('binaryData', key));
    const r = decodeField('binaryData', key, binary[key] ?? '', false);
    if ('bytes' in r) total += r.bytes.length;
    else errs.push(r);
  }
  if (total > maxConfigObjectSize) {
    // Upstream passes an empty path: the error is about the whole object.
    errs.push({ field: '', type: 'Too long', detail: `may not be more than ${maxConfigObjectSize} bytes` });
  }
  return errs;
}
