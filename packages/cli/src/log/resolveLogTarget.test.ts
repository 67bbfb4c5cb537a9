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

describe('redactConnectionString: a password in every form libpq accepts is hidden (libpq-connect "Connection Strings")', () => {
  it.each([
    ['postgres://u:s3cret@h:5432/d', 'postgres://u:***@h:5432/d'],
    ['postgresql://u:s3cr%2Fet@h/d?sslmode=require', 'postgresql://u:***@h/d?sslmode=require'],
    ['postgres://u@h/d?password=s3cret&sslmode=require', 'postgres://u@h/d?password=***&sslmode=require'],
    ['postgres://h/d?sslmode=disable&password=s3cret', 'postgres://h/d?sslmode=disable&password=***'],
    ['host=db user=u password=s3cret dbname=d', 'host=db user=u password=*** dbname=d'],
    ["host=db password = 'it''s a \\' s3cret' dbname=d", 'host=db password = *** dbname=d'],
    ['PASSWORD=s3cret', 'PASSWORD=***'],
    [
      'error: could not connect to postgres://u:s3cret@h/d (ECONNREFUSED)',
      'error: could not connect to postgres://u:***@h/d (ECONNREFUSED)',
    ],
  ])('%s', (input, shown) => {
    expect(redactConnectionString(input)).toBe(shown);
    expect(redactConnectionString(input)).not.toContain('s3cret');
  });
});
