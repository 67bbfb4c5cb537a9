/**
 * Splits a field path as apimachinery prints it (`spec.containers[1].name`,
 * `data[tls.crt]`) into segments for {@link LoadedDocument.lineOf}: numeric subscripts become
 * indices, other subscripts map keys. Pure.
 * @internal
 */
export function splitFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(/^[0-9]+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}
