import { describe, expect, it } from 'vitest';
import { JsonPathError } from './jsonpath.js';
import {
  formatCustomColumns,
  formatLabels,
  naturalLess,
  parseCustomColumns,
  sortByField,
} from './printers.js';

const pods = [
  { metadata: { name: 'web-10', labels: { app: 'web' } }, status: { podIP: '10.0.0.2', restarts: 3 } },
  { metadata: { name: 'web-9' }, status: { restarts: 12 } },
];

describe('kubectl custom-columns, --sort-by and LABELS (kubectl get/customcolumn.go, sorter.go)', () => {
  it('custom-columns: header as given, <none> when the path has no result, tabwriter alignment', () => {
    const cols = parseCustomColumns('NAME:.metadata.name,IP:{.status.podIP},APP:metadata.labels.app');
    expect(formatCustomColumns(pods, cols)).toBe(
      'NAME     IP         APP\nweb-10   10.0.0.2   web\nweb-9    <none>     <none>\n',
    );
    expect(formatCustomColumns(pods, cols, { noHeaders: true })).toBe(
      'web-10   10.0.0.2   web\nweb-9    <none>     <none>\n',
    );
  });

  it('custom-columns: several results join with "," and maps print as Go %v', () => {
    const obj = {
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      metadata: { labels: { x: '1', a: '2' } },
    };
    const cols = parseCustomColumns('C:.spec.containers[*].name,L:.metadata.labels');
    expect(formatCustomColumns([obj], cols, { noHeaders: true })).toBe('a,b   map[a:2 x:1]\n');
  });

  it('custom-columns: a malformed spec is refused with kubectl’s message', () => {
    expect(() => parseCustomColumns('NAME')).toThrow(
      new JsonPathError('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>'),
    );
    expect(() => parseCustomColumns('')).toThrow('no custom columns given');
    expect(() => parseCustomColumns('N:{.a}{.b}')).toThrow('unexpected path string');
  });

  it('--sort-by: natural order for strings, numbers numerically, objects without the field first', () => {
    const names = (xs: typeof pods) => xs.map((p) => p.metadata.name);
    expect(names(sortByField(pods, (p) => p, '.metadata.name'))).toEqual(['web-9', 'web-10']);
    expect(names(sortByField(pods, (p) => p, '{.status.restarts}'))).toEqual(['web-10', 'web-9']);
    expect(names(sortByField([...pods].reverse(), (p) => p, '.status.podIP'))).toEqual(['web-9', 'web-10']);
    expect(() => sortByField(pods, (p) => p, '.spec.nodeName')).toThrow(
      `couldn't find any field with path "{.spec.nodeName}" in the list of objects`,
    );
  });

  it('--sort-by compares quantities as quantities when both strings are (sorter.go isLess)', () => {
    const xs = [{ v: '1Gi' }, { v: '500Mi' }, { v: '2' }];
    expect(sortByField(xs, (x) => x, '.v').map((x) => x.v)).toEqual(['2', '500Mi', '1Gi']);
  });

  it('NaturalLess (vbom.ml/util/sortorder): digit runs as numbers, fewer leading zeros first', () => {
    expect(naturalLess('a9', 'a10')).toBe(true);
    expect(naturalLess('a10', 'a9')).toBe(false);
    expect(naturalLess('a01', 'a001')).toBe(true);
    expect(naturalLess('1a', 'a')).toBe(true);
    expect(naturalLess('abc', 'abcd')).toBe(true);
    expect(naturalLess('x', 'x')).toBe(false);
  });

  it('FormatLabels: sorted k=v joined by ",", <none> when there are none', () => {
    expect(formatLabels({ tier: 'fe', app: 'web' })).toBe('app=web,tier=fe');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });
});
