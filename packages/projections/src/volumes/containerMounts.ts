import { posix } from 'node:path';
import type { Container, Pod } from '@podstate/core';
import { PodstateError } from '@podstate/core/runtime';
import { type DirEntry, listAtomicState } from './atomicWriter.js';
import { podHostsFile } from './hosts/hostsFile.js';
import { cleanPath } from './volumePayload.js';
import { type TimelineContext, volumeAt } from './volumeTimeline.js';

/** A file as a container sees it. */
export interface MountedFile {
  mode: number;
  bytes: Uint8Array;
  /** Secret-derived (or a token): render through redactSecrets unless secrets are shown. */
  sensitive?: boolean;
}

/** One volumeMount of a container and the files it shows. */
export interface ContainerMount {
  name: string;
  mountPath: string;
  /** As the spec says; secret, configMap, downwardAPI and projected volumes are read-only anyway. */
  readOnly: boolean;
  subPath?: string;
  /** Absolute path in the container → file. */
  files: Map<string, MountedFile>;
  /** The volume directory as the atomic writer left it (not for subPath mounts). */
  listing?: DirEntry[];
  /** A later SetUp failed; the container still sees the content written before. */
  remountError?: string;
}

/** A mount that cannot be set up: the container cannot start (ContainerCreating / PodInitializing). */
export interface MountFailure {
  volume: string;
  /** The FailedMount event message. */
  message: string;
}

/** Everything mountsFor needs: the volume timeline inputs, the instant, and when the container started. */
export interface MountContext extends TimelineContext {
  now: number;
  /** subPath mounts keep what the volume held at this instant; default `now`. */
  containerStartedAt?: number;
  /** The Pod's IPs, for the managed /etc/hosts (added when the Pod has IPs). */
  podIPs?: readonly string[];
}

/** The FailedMount message of the operation executor. */
export const failedMountMessage = (volume: string, err: string) =>
  `MountVolume.SetUp failed for volume "${volume}" : ${err}`;

function filesUnder(
  files: ReadonlyMap<string, { mode: number; bytes: Uint8Array; sensitive?: boolean }>,
  sub: string | undefined,
  mountPath: string,
) {
  const out = new Map<string, MountedFile>();
  const prefix = sub ? `${sub}/` : '';
  for (const [p, f] of files) {
    const file: MountedFile = { mode: f.mode, bytes: f.bytes, ...(f.sensitive ? { sensitive: true } : {}) };
    if (sub && p === sub) out.set(mountPath, file);
    else if (p.startsWith(prefix)) out.set(posix.join(mountPath, p.slice(prefix.length)), file);
  }
  return out;
}

/**
 * For every volumeMount of the named container (init or app) at `ctx.now`: mount path, readOnly,
 * subPath, the files it shows (absolute path → mode and bytes) and the atomic-writer listing; plus
 * the managed /etc/hosts when the Pod has IPs and the container does not mount that path itself.
 * Volume content follows the propagation model of {@link Visibility}; subPath mounts freeze at
 * `containerStartedAt`. Mounts whose volume never set up are returned as failures. Pure.
 */
export function containerMounts(
  pod: Pod,
  containerName: string,
  ctx: MountContext,
): { mounts: ContainerMount[]; failures: MountFailure[] } {
  const container: Container | undefined = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find(
    (c) => c.name === containerName,
  );
  if (!container)
    throw new PodstateError(
      'bad_input',
      `container "${containerName}" not found in pod "${pod.metadata.name}"; check -c`,
    );
  const mounts: ContainerMount[] = [];
  const failures: MountFailure[] = [];
  for (const m of container.volumeMounts ?? []) {
    const volume = pod.spec.volumes?.find((v) => v.name === m.name);
    if (!volume) {
      failures.push({
        volume: m.name,
        message: `cannot find volume "${m.name}" to mount into container "${containerName}"`,
      });
      continue;
    }
    const sub = m.subPath ? cleanPath(m.subPath) : undefined;
    const at = sub ? Math.min(ctx.containerStartedAt ?? ctx.now, ctx.now) : ctx.now;
    const v = volumeAt(pod, volume, ctx, at);
    if (!v.state) {
      // One FailedMount per volume, however many mounts use it.
      if (v.error && !failures.some((f) => f.volume === m.name)) {
        failures.push({ volume: m.name, message: failedMountMessage(m.name, v.error) });
      } else if (v.error) continue;
      else
        mounts.push({
          name: m.name,
          mountPath: m.mountPath,
          readOnly: m.readOnly === true,
          files: new Map(),
        });
      continue;
    }
    const mount: ContainerMount = {
      name: m.name,
      mountPath: m.mountPath,
      readOnly: m.readOnly === true,
      files: filesUnder(v.state.files, sub, m.mountPath),
    };
    if (sub) mount.subPath = m.subPath;
    else mount.listing = listAtomicState(v.state);
    if (v.error && !sub) mount.remountError = failedMountMessage(m.name, v.error);
    mounts.push(mount);
  }
  const ownsHosts = (container.volumeMounts ?? []).some((m) => m.mountPath === '/etc/hosts');
  const hosts = ownsHosts
    ? undefined
    : podHostsFile(pod, { podIPs: ctx.podIPs ?? [], ...(ctx.hostIP ? { hostIP: ctx.hostIP } : {}) });
  if (hosts && 'content' in hosts) {
    mounts.push({
      name: 'k8s-managed-etc-hosts',
      mountPath: '/etc/hosts',
      readOnly: false,
      files: new Map([['/etc/hosts', { mode: 0o644, bytes: new TextEncoder().encode(hosts.content) }]]),
    });
  }
  return { mounts, failures };
}
