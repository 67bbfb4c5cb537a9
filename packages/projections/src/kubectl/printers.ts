import { parseResourceQuantity } from '@podstate/core/views';
import type { PodRow } from '../kube/printPod.js';
import { tabwrite } from '../kube/tabwriter.js';
import { goPrint, JsonPath, JsonPathError, type JsonValue, relaxedJsonPath } from './jsonpath.js';

/** One `HEADER:.json.path` column of `-o custom-columns=…`. */
export interface CustomColumn {
  header: string;
  /** The relaxed template, `{.metadata.name}`. */
  fieldSpec: string;
}

/**
 * kubectl get/customcolumn.go NewCustomColumnsPrinterFromSpec: `NAME:.metadata.name,IP:.status.podIP`.
 * @throws JsonPathError with kubectl's message for a malformed spec or template.
 */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec.length === 0)
    throw new JsonPathError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) {
      throw new JsonPathError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    }
    const fieldSpec = relaxedJsonPath(part.slice(i + 1));
    new JsonPath(fieldSpec); // parse now: a bad template is refused before anything prints
    return { header: part.slice(0, i), fieldSpec };
  });
}

/**
 * kubectl's CustomColumnsPrinter: a header line (unless noHeaders), then per object each column's
 * results joined by `,` (fmt.Sprint of each), `<none>` when there are none; aligned by tabwriter
 * (minwidth 6, padding 3, as printers.GetNewTabWriter).
 */
export function formatCustomColumns(
  objects: readonly JsonValue[],
  columns: readonly CustomColumn[],
  options: { noHeaders?: boolean } = {},
): string {
  const parsers = columns.map((c) => new JsonPath(c.fieldSpec));
  const lines: string[] = [];
  if (!options.noHeaders) lines.push(columns.map((c) => c.header).join('\t'));
  for (const obj of objects) {
    const cells = parsers.map((p) => {
      const values = p.findResults(obj);
      const strings: string[] = [];
      if (values.length === 0 || values[0]!.length === 0) strings.push('<none>');
      for (const arr of values) for (const v of arr) strings.push(goPrint(v));
      return strings.join(',');
    });
    lines.push(cells.join('\t'));
  }
  if (lines.length === 0) return '';
  return tabwrite(lines.map((l) => `${l}\n`).join(''), { minwidth: 6, padding: 3 });
}

/** vbom.ml/util/sortorder NaturalLess: digit runs compare as numbers, digits before other bytes. */
export function naturalLess(str1: string, str2: string): boolean {
  const a = Buffer.from(str1, 'utf8');
  const b = Buffer.from(str2, 'utf8');
  const isDigit = (c: number) => c >= 48 && c <= 57;
  let i1 = 0;
  let i2 = 0;
  while (i1 < a.length && i2 < b.length) {
    const c1 = a[i1]!;
    const c2 = b[i2]!;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i1++;
      i2++;
      continue;
    }
    while (i1 < a.length && a[i1] === 48) i1++;
    while (i2 < b.length && b[i2] === 48) i2++;
    const nz1 = i1;
    const nz2 = i2;
    while (i1 < a.length && isDigit(a[i1]!)) i1++;
    while (i2 < b.length && isDigit(b[i2]!)) i2++;
    if (i1 - nz1 !== i2 - nz2) return i1 - nz1 < i2 - nz2;
    const n1 = a.subarray(nz1, i1).toString('latin1');
    const n2 = b.subarray(nz2, i2).toString('latin1');
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return a.length < b.length;
}

/** A resource quantity in nano-units (apimachinery's precision), or undefined when `s` is none. */
const quantity = (s: string): bigint | undefined => {
  const q = parseResourceQuantity(s);
  return q === undefined ? undefined : (q.num * 1_000_000_000n) / q.den;
};

/** kubectl get/sorter.go isLess on two unstructured values. */
function isLess(i: JsonValue, j: JsonValue): boolean {
  if (i === null && j === null) return false;
  if (i === null) return true;
  if (j === null) return false;
  if (typeof i === 'number' && typeof j === 'number') return i < j;
  if (typeof i === 'boolean' && typeof j === 'boolean') return !i && j;
  if (typeof i === 'string') {
    if (typeof j !== 'string') throw new JsonPathError(`unable to compare string and ${typeof j}`);
    const qi = quantity(i);
    const qj = qi === undefined ? undefined : quantity(j);
    if (qi === undefined || qj === undefined) return naturalLess(i, j);
    return qi < qj;
  }
  throw new JsonPathError(`unsortable type: ${Array.isArray(i) ? '[]interface {}' : typeof i}`);
}

/**
 * kubectl get/sorter.go SortObjects for `--sort-by`: the field (relaxed JSONPath) of each object;
 * refused when no object has it; objects without it come first; strings in natural order (or as
 * quantities when both are), numbers numerically. Stable (kubectl's sort.Sort is not: equal keys
 * keep the API's order here).
 */
export function sortByField<T>(items: readonly T[], objectOf: (item: T) => JsonValue, field: string): T[] {
  const template = relaxedJsonPath(field);
  const parser = new JsonPath(template);
  const keys = items.map((item) => {
    const r = parser.findResults(objectOf(item));
    return r.length === 0 || r[0]!.length === 0 ? { missing: true as const } : { value: r[0]![0] };
  });
  if (items.length > 0 && keys.every((k) => 'missing' in k)) {
    throw new JsonPathError(`couldn't find any field with path "${template}" in the list of objects`);
  }
  const order = items.map((_, i) => i);
  order.sort((x, y) => {
    const a = keys[x]!;
    const b = keys[y]!;
    if ('missing' in a || 'missing' in b) return 'missing' in a ? ('missing' in b ? 0 : -1) : 1;
    if (isLess(a.value, b.value)) return -1;
    if (isLess(b.value, a.value)) return 1;
    return 0;
  });
  return order.map((i) => items[i]!);
}

/** labels.FormatLabels (the LABELS column of --show-labels): sorted `k=v` joined by `,`, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** A Pod's row with what the extra columns of `get pods` need. */
export interface PodListEntry {
  row: PodRow;
  namespace: string;
  labels?: Readonly<Record<string, string>>;
}

/** Options of the `kubectl get pods` table: -o wide, --no-headers, -A (NAMESPACE first), --show-labels (LABELS last). */
export interface PodListOptions {
  wide?: boolean;
  noHeaders?: boolean;
  withNamespace?: boolean;
  showLabels?: boolean;
}

const POD_COLUMNS = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
const POD_WIDE = ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];

/**
 * The `kubectl get pods` table as the HumanReadablePrinter prints it (printers/tableprinter.go):
 * NAMESPACE first with --all-namespaces, LABELS last with --show-labels, aligned by tabwriter.
 */
export function formatPodList(entries: readonly PodListEntry[], options: PodListOptions = {}): string {
  const lines: string[][] = [];
  if (!options.noHeaders) {
    lines.push([
      ...(options.withNamespace ? ['NAMESPACE'] : []),
      ...POD_COLUMNS,
      ...(options.wide ? POD_WIDE : []),
      ...(options.showLabels ? ['LABELS'] : []),
    ]);
  }
  for (const { row: r, namespace, labels } of entries) {
    lines.push([
      ...(options.withNamespace ? [namespace] : []),
      r.name,
      r.ready,
      r.status,
      r.restarts,
      r.age,
      ...(options.wide ? [r.ip, r.node, r.nominatedNode, r.readinessGates] : []),
      ...(options.showLabels ? [formatLabels(labels)] : []),
    ]);
  }
  if (lines.length === 0) return '';
  return tabwrite(lines.map((l) => `${l.join('\t')}\n`).join(''), { minwidth: 6, padding: 3 });
}
