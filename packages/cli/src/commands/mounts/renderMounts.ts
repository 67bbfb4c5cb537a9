import type { ContainerMount, DirEntry, MountFailure } from '@podstate/projections';

const td = new TextDecoder('utf-8', { fatal: true });
const REDACTED = '<redacted: use --show-secrets>';

/** A container's mounts as plain data for -o json/yaml (file contents as UTF-8 text, else base64). */
export function mountsData(
  container: string,
  mounts: ContainerMount[],
  failures: MountFailure[],
  showSecrets: boolean,
) {
  return {
    container,
    mounts: mounts.map((m) => ({
      name: m.name,
      mountPath: m.mountPath,
      readOnly: m.readOnly,
      ...(m.subPath ? { subPath: m.subPath } : {}),
      ...(m.remountError ? { remountError: m.remountError } : {}),
      files: Object.fromEntries(
        [...m.files].map(([path, f]) => [
          path,
          {
            mode: `0${f.mode.toString(8)}`,
            size: f.bytes.length,
            ...(f.sensitive && !showSecrets ? { content: REDACTED } : content(f.bytes)),
          },
        ]),
      ),
    })),
    failures,
  };
}

function content(bytes: Uint8Array): { content: string } | { base64: string } {
  try {
    return { content: td.decode(bytes) };
  } catch {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
}

const preview = (bytes: Uint8Array) => {
  const c = content(bytes);
  if ('base64' in c) return `(binary, ${bytes.length} bytes)`;
  const one = JSON.stringify(c.content);
  return one.length > 60 ? `${one.slice(0, 57)}..."` : one;
};

/** The default text view: each mount and the files the container sees, one per line. */
export function mountsText(
  container: string,
  mounts: ContainerMount[],
  failures: MountFailure[],
  showSecrets: boolean,
): string {
  const lines = [`${container}:`];
  for (const m of mounts) {
    lines.push(
      `  ${m.mountPath}  (volume ${m.name}${m.readOnly ? ', read-only' : ''}${m.subPath ? `, subPath ${m.subPath}` : ''})`,
    );
    if (m.remountError) lines.push(`    ! last update failed: ${m.remountError}`);
    for (const [path, f] of m.files) {
      const shown = f.sensitive && !showSecrets ? REDACTED : preview(f.bytes);
      lines.push(`    ${path}  0${f.mode.toString(8)}  ${shown}`);
    }
  }
  for (const f of failures) lines.push(`  ! ${f.volume}: ${f.message}`);
  if (mounts.length === 0 && failures.length === 0) lines.push('  (no volume mounts)');
  return `${lines.join('\n')}\n`;
}

/** -o tree: the volume directories as the kubelet's atomic writer laid them out. */
export function mountsTree(
  container: string,
  mounts: ContainerMount[],
  failures: MountFailure[],
  showSecrets: boolean,
): string {
  const lines = [`${container}:`];
  for (const m of mounts) {
    lines.push(`  ${m.mountPath}/`);
    for (const e of (m.listing ?? []) as DirEntry[]) {
      if (e.type === 'symlink') lines.push(`    ${e.path} -> ${e.target}`);
      else if (e.type === 'dir') lines.push(`    ${e.path}/  0${e.mode.toString(8)}`);
      else
        lines.push(
          `    ${e.path}  0${e.mode.toString(8)}  ${e.sensitive && !showSecrets ? REDACTED : preview(e.bytes)}`,
        );
    }
    if (!m.listing) for (const [path, f] of m.files) lines.push(`    ${path}  0${f.mode.toString(8)}`);
  }
  for (const f of failures) lines.push(`  ! ${f.volume}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}
