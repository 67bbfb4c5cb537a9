import type { KeyToPath } from '@podstate/core';
import type { ConfigMapObject, SecretObject } from './ObjectView.js';

/** One file of a volume payload: its mode and bytes as the container sees them. */
export interface FileProjection {
  mode: number;
  bytes: Uint8Array;
  /** `secret/<ns>/<name>@<version>` etc.: which object revision produced the file. */
  origin?: string;
  /** True for Secret-derived bytes and tokens: render only through redactSecrets. */
  sensitive?: boolean;
}

/** A volume's files keyed by relative path, or the SetUp error text. */
export type PayloadResult = { files: Map<string, FileProjection>; opaque?: true } | { error: string };

const noDefaultMode = 'no defaultMode used, not even the default value for it';

/**
 * secret.MakePayload: every `.data` key (no items) or the listed items; a missing listed key is
 * skipped when optional, else `references non-existent secret key: <key>`. Pure.
 */
export function makeSecretPayload(
  items: readonly KeyToPath[] | undefined,
  secret: SecretObject,
  defaultMode: number | undefined,
  optional: boolean,
  origin: string,
): PayloadResult {
  if (defaultMode === undefined) return { error: noDefaultMode };
  const files = new Map<string, FileProjection>();
  const file = (bytes: Uint8Array, mode: number): FileProjection => ({
    mode,
    bytes,
    origin,
    sensitive: true,
  });
  if (!items || items.length === 0) {
    for (const [k, v] of Object.entries(secret.data)) files.set(k, file(v, defaultMode));
    return { files };
  }
  for (const item of items) {
    const content = secret.data[item.key];
    if (content === undefined) {
      if (optional) continue;
      return { error: `references non-existent secret key: ${item.key}` };
    }
    files.set(item.path, file(content, item.mode ?? defaultMode));
  }
  return { files };
}

/**
 * configmap.MakePayload: `.data` then `.binaryData` keys (no items), or the listed items looked up
 * in `.data` first; a missing listed key is skipped when optional, else
 * `configmap references non-existent config key: <key>`. Pure.
 */
export function makeConfigMapPayload(
  items: readonly KeyToPath[] | undefined,
  cm: ConfigMapObject,
  defaultMode: number | undefined,
  optional: boolean,
  origin: string,
): PayloadResult {
  if (defaultMode === undefined) return { error: noDefaultMode };
  const files = new Map<string, FileProjection>();
  const enc = new TextEncoder();
  if (!items || items.length === 0) {
    for (const [k, v] of Object.entries(cm.data))
      files.set(k, { mode: defaultMode, bytes: enc.encode(v), origin });
    for (const [k, v] of Object.entries(cm.binaryData)) files.set(k, { mode: defaultMode, bytes: v, origin });
    return { files };
  }
  for (const item of items) {
    const text = cm.data[item.key];
    const bytes = text !== undefined ? enc.encode(text) : cm.binaryData[item.key];
    if (bytes === undefined) {
      if (optional) continue;
      return { error: `configmap references non-existent config key: ${item.key}` };
    }
    files.set(item.path, { mode: item.mode ?? defaultMode, bytes, origin });
  }
  return { files };
}

/**
 * utilerrors.NewAggregate(...).Error(): nested aggregates flattened, repeated messages dropped,
 * one message as is, several as `[a, b]`.
 */
export function aggregateErrors(errs: readonly string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}
