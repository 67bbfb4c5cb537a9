import { describe, expect, it } from 'vitest';
import { resolveLogTarget } from './openLogFromOptions.js';
import { redactConnectionString } from './redactConnectionString.js';

describe('resolveLogTarget: --store, then --log, then PODSTATE_STORE, then events.jsonl', () => {
  const pg = 'postgres://podstate:pw@db:5432/events';
  it.each([
    [{}, {}, { kind: 'jsonl', path: '/w/events.jsonl', name: 'events.jsonl' }],
    [{ log: 'run/a.jsonl' }, {}, { kind: 'jsonl', path: '/w/run/a.jsonl', name: 'run/a.jsonl' }],
    [
      { log: '/abs/a.jsonl' },
      { PODSTATE_STORE: pg },
      { kind: 'jsonl', path: '/abs/a.jsonl', name: '/abs/a.jsonl' },
    ],
    [
      {},
      { PODSTATE_STORE: pg },
      { kind: 'postgres', url: pg, name: 'postgres://podstate:***@db:5432/events' },
    ],
    [{}, { PODSTATE_STORE: '' }, { kind: 'jsonl', path: '/w/events.jsonl', name: 'events.jsonl' }],
    [
      { store: 'postgresql://db/e' },
      { PODSTATE_STORE: pg },
      { kind: 'postgres', url: 'postgresql://db/e', name: 'postgresql://db/e' },
    ],
  ])('options %j env %j → %j', (selection, env, target) => {
    expect(resolveLogTarget(selection, env, '/w')).toEqual(target);
  });

  it.each([
    [{ log: 'a.jsonl', store: pg }, {}, 'give either --log <file> or --store <url>, not both'],
    [{ store: 'db.example' }, {}, '--store "db.example" is not a PostgreSQL URL'],
    [
      {},
      { PODSTATE_STORE: 'mysql://u:pw@h/d' },
      'PODSTATE_STORE "mysql://u:***@h/d" is not a PostgreSQL URL',
    ],
    [{ log: '' }, {}, '--log needs a file name'],
  ])('refuses options %j env %j', (selection, env, message) => {
    expect(() => resolveLogTarget(selection, env, '/w')).toThrow(message);
  });

  it('redactConnectionString hides only the password', () => {
    expect(redactConnectionString('postgres://u:p%40ss@h:1/d?x=1')).toBe('postgres://u:***@h:1/d?x=1');
    expect(redactConnectionString('postgres://u@h/d')).toBe('postgres://u@h/d');
  });
});
