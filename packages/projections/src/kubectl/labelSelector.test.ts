import { describe, expect, it } from 'vitest';
import { LabelSelectorError, parseLabelSelector, selectorMatches } from './labelSelector.js';

const matches = (selector: string, labels: Record<string, string>) =>
  selectorMatches(parseLabelSelector(selector), labels);

describe('label selectors as kubectl -l parses them (apimachinery labels/selector.go Parse)', () => {
  it.each([
    'x=a,y=b,z=c',
    '',
    'x!=a,y=b',
    'x=',
    'x= ',
    'x=,z= ',
    'x= ,z= ',
    '!x',
    'x>1',
    'x>1,z<5',
    'x in (a,b)',
    'x notin ()',
    'x in (foo,,baz),y,z notin ()',
    'x in (in)',
    'x==a',
  ])('TestSelectorParse accepts %j', (s) => {
    expect(() => parseLabelSelector(s)).not.toThrow();
  });

  it.each([
    ['x=a||y=b', 'values[0][x]: Invalid value: "a||y"'],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x<a', "for 'Gt', 'Lt' operators, the value must be an integer"],
    ['x in (a', "found '', expected: ',' or ')'"],
    ['x in a', "found 'a' expected: '('"],
    ['x,', "found '', expected: identifier after ','"],
    ['Bad Key=a', "found 'Key', expected: in, notin, =, ==, !=, gt, lt"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['app=-web', 'values[0][app]: Invalid value: "-web"'],
  ])('TestSelectorParse refuses %j (%s)', (s, message) => {
    expect(() => parseLabelSelector(s)).toThrow(LabelSelectorError);
    expect(() => parseLabelSelector(s)).toThrow(message);
  });

  it('Requirement.Matches: equality, set-based, existence and Gt/Lt', () => {
    const web = { app: 'web', tier: 'frontend', replicas: '3' };
    expect(matches('app=web', web)).toBe(true);
    expect(matches('app==web,tier=frontend', web)).toBe(true);
    expect(matches('app!=web', web)).toBe(false);
    expect(matches('app!=db', {})).toBe(true); // NotEquals matches a missing key
    expect(matches('tier in (frontend,backend)', web)).toBe(true);
    expect(matches('tier notin (frontend)', web)).toBe(false);
    expect(matches('tier notin (frontend)', {})).toBe(true);
    expect(matches('app', web)).toBe(true);
    expect(matches('!app', web)).toBe(false);
    expect(matches('replicas>2,replicas<4', web)).toBe(true);
    expect(matches('replicas>3', web)).toBe(false);
    expect(matches('app>1', web)).toBe(false); // a non-integer label never satisfies Gt
    expect(matches('x=', { x: '' })).toBe(true);
    expect(matches('', web)).toBe(true);
  });

  it('requirements come out sorted by key, values as a sorted set', () => {
    expect(parseLabelSelector('z in (b,a,b),a=1')).toEqual([
      { key: 'a', operator: '=', values: ['1'] },
      { key: 'z', operator: 'in', values: ['a', 'b'] },
    ]);
  });
});
