import { posix } from 'node:path';
import type { DownwardAPIVolumeFile, Pod, Volume } from '@podstate/core';
import { extractFieldPathAsString, type PodFacts } from './downward/fieldPath.js';
import { containerResourceValue } from './downward/resourceValue.js';
import {
  aggregateErrors,
  type FileProjection,
  makeConfigMapPayload,
  makeSecretPayload,
  type PayloadResult,
} from './makePayload.js';
import type { ObjectView } from './ObjectView.js';
import { currentTokenIssuedAt, defaultTokenExpirationSeconds } from './token/requiresRefresh.js';
import { issueServiceAccountToken } from './token/serviceAccountToken.js';

/** What volumePayload needs besides the Pod: the objects the kubelet sees and the Pod's facts. */
export interface PayloadContext extends PodFacts {
  objects: ObjectView;
  /** Event time (ms) of the projection. */
  now: number;
  /** Overrides spec.serviceAccountName (which admission defaults to `default`). */
  serviceAccountName?: string;
  /** When the first token of each serviceAccountToken source was issued (ms); default `now`. */
  tokenIssuedAt?: number;
  /** Node allocatable for unset limits; default {@link defaultNodeAllocatable}. */
  nodeAllocatable?: Record<string, string>;
}

const defaultMode = 0o644;

/** filepath.Clean for the relative paths a payload uses. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

const originOf = (kind: string, ns: string, name: string, version: number | undefined) =>
  `${kind}/${ns}/${name}@${version ?? 'cluster'}`;

/** downwardapi.CollectData: one file per item, errors aggregated. */
function collectDownward(
  items: readonly DownwardAPIVolumeFile[] | undefined,
  pod: Pod,
  mode: number,
  ctx: PayloadContext,
) {
  const files = new Map<string, FileProjection>();
  const errs: string[] = [];
  for (const item of items ?? []) {
    let value = '';
    if (item.fieldRef) {
      const r = extractFieldPathAsString(pod, item.fieldRef.fieldPath, ctx);
      if ('error' in r) errs.push(r.error);
      else value = r.value;
    } else if (item.resourceFieldRef) {
      const r = containerResourceValue(item.resourceFieldRef, pod, undefined, ctx.nodeAllocatable);
      if ('error' in r) errs.push(r.error);
      else value = r.value;
    }
    files.set(cleanPath(item.path), {
      mode: item.mode ?? mode,
      bytes: new TextEncoder().encode(value),
      origin: `pod/${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`,
    });
  }
  return { files, errs };
}

function notFound(kind: 'secret' | 'configmap', name: string) {
  return `${kind} "${name}" not found`;
}

/** The projected plugin's collectData: sources in order, later paths win, errors aggregated. */
function projectedPayload(
  pod: Pod,
  vol: NonNullable<Volume['projected']>,
  ctx: PayloadContext,
): PayloadResult {
  const ns = pod.metadata.namespace ?? 'default';
  const mode = vol.defaultMode ?? defaultMode;
  const sc = pod.spec.securityContext;
  const hasFsOwner = sc?.fsGroup !== undefined || sc?.runAsUser !== undefined;
  const files = new Map<string, FileProjection>();
  const errs: string[] = [];
  const merge = (r: PayloadResult) => {
    if ('error' in r) errs.push(r.error);
    else for (const [k, v] of r.files) files.set(k, v);
  };
  for (const source of vol.sources ?? []) {
    if (source.secret) {
      const optional = source.secret.optional === true;
      const s = ctx.objects.secret(ns, source.secret.name);
      if (!s && !optional) errs.push(notFound('secret', source.secret.name));
      else {
        const origin = originOf('secret', ns, source.secret.name, s?.version);
        merge(makeSecretPayload(source.secret.items, s ?? { data: {} }, mode, optional, origin));
      }
    } else if (source.configMap) {
      const optional = source.configMap.optional === true;
      const c = ctx.objects.configMap(ns, source.configMap.name);
      if (!c && !optional) errs.push(notFound('configmap', source.configMap.name));
      else {
        const origin = originOf('configmap', ns, source.configMap.name, c?.version);
        merge(
          makeConfigMapPayload(
            source.configMap.items,
            c ?? { data: {}, binaryData: {} },
            mode,
            optional,
            origin,
          ),
        );
      }
    } else if (source.downwardAPI) {
      const r = collectDownward(source.downwardAPI.items, pod, mode, ctx);
      if (r.errs.length > 0) errs.push(...r.errs);
      else for (const [k, v] of r.files) files.set(k, v);
    } else if (source.serviceAccountToken) {
      const tp = source.serviceAccountToken;
      const expirationSeconds = tp.expirationSeconds ?? defaultTokenExpirationSeconds;
      const issuedAt = currentTokenIssuedAt(ctx.tokenIssuedAt ?? ctx.now, expirationSeconds, ctx.now);
      const token = issueServiceAccountToken({
        namespace: ns,
        serviceAccountName: ctx.serviceAccountName ?? (pod.spec.serviceAccountName || 'default'),
        podName: pod.metadata.name,
        podUid: pod.metadata.uid ?? ctx.uid ?? '',
        ...(ctx.nodeName || pod.spec.nodeName ? { nodeName: pod.spec.nodeName ?? ctx.nodeName } : {}),
        ...(tp.audience ? { audience: tp.audience } : {}),
        expirationSeconds,
        issuedAt,
      });
      files.set(tp.path, {
        // With fsUser/fsGroup the token is 0600 (SetVolumeOwnership then makes it 0640).
        mode: hasFsOwner ? 0o600 : mode,
        bytes: new TextEncoder().encode(token),
        origin: `token/${ns}/${pod.metadata.name}@${issuedAt}`,
        sensitive: true,
      });
    }
  }
  return errs.length > 0 ? { error: aggregateErrors(errs) } : { files };
}

/** SetVolumeOwnership for these read-only volumes: with an fsGroup every file gains 0440. */
function applyFsGroup(pod: Pod, r: PayloadResult): PayloadResult {
  if ('error' in r || pod.spec.securityContext?.fsGroup === undefined) return r;
  const files = new Map<string, FileProjection>();
  for (const [k, f] of r.files) files.set(k, { ...f, mode: f.mode | 0o440 });
  return { files };
}

/**
 * The files a secret, configMap, downwardAPI, projected or emptyDir volume holds for `pod` at
 * `ctx.now`, exactly as the kubelet's SetUp builds them (volumes.md §1–§2), or the SetUp error.
 * Other volume kinds are opaque (no files, no error). Pure.
 * @example volumePayload(pod, pod.spec.volumes[0], { objects, now: 0 })
 */
export function volumePayload(pod: Pod, volume: Volume, ctx: PayloadContext): PayloadResult {
  const ns = pod.metadata.namespace ?? 'default';
  if (volume.secret) {
    const src = volume.secret;
    const optional = src.optional === true;
    const s = ctx.objects.secret(ns, src.secretName);
    if (!s && !optional) return { error: notFound('secret', src.secretName) };
    const origin = originOf('secret', ns, src.secretName, s?.version);
    return applyFsGroup(
      pod,
      makeSecretPayload(src.items, s ?? { data: {} }, src.defaultMode ?? defaultMode, optional, origin),
    );
  }
  if (volume.configMap) {
    const src = volume.configMap;
    const optional = src.optional === true;
    const c = ctx.objects.configMap(ns, src.name);
    if (!c && !optional) return { error: notFound('configmap', src.name) };
    const origin = originOf('configmap', ns, src.name, c?.version);
    const empty = { data: {}, binaryData: {} };
    return applyFsGroup(
      pod,
      makeConfigMapPayload(src.items, c ?? empty, src.defaultMode ?? defaultMode, optional, origin),
    );
  }
  if (volume.downwardAPI) {
    const r = collectDownward(
      volume.downwardAPI.items,
      pod,
      volume.downwardAPI.defaultMode ?? defaultMode,
      ctx,
    );
    return r.errs.length > 0 ? { error: aggregateErrors(r.errs) } : applyFsGroup(pod, { files: r.files });
  }
  if (volume.projected) return applyFsGroup(pod, projectedPayload(pod, volume.projected, ctx));
  if (volume.emptyDir) return { files: new Map() };
  return { files: new Map(), opaque: true };
}
