import { describe, expect, it } from 'vitest';
import { collectSecretValues, redactSecrets } from './redactSecrets.js';

describe('redactSecrets', () => {
  const secrets = ['s3cr3t-"pw"', 'hunter2'];
  it('redacts raw, JSON-escaped and base64 renderings of every secret value', () => {
    const text = [
      'password: hunter2',
      JSON.stringify({ password: 's3cr3t-"pw"' }),
      `data: ${Buffer.from('hunter2').toString('base64')}`,
    ].join('\n');
    const out = redactSecrets(text, secrets);
    expect(out).not.toContain('hunter2');
    expect(out).not.toContain('s3cr3t');
    expect(out).not.toContain(Buffer.from('hunter2').toString('base64'));
    expect(out).toBe('password: <redacted>\n{"password":"<redacted>"}\ndata: <redacted>');
  });
  it('longest values first, so an overlapping shorter value cannot leave a fragment', () => {
    expect(redactSecrets('x=abcdefgh', ['abcd', 'abcdefgh'])).toBe('x=<redacted>');
  });
  it('very short values are not redacted (they would shred ordinary output)', () => {
    expect(redactSecrets('a b c', ['a'])).toBe('a b c');
  });
  it('collectSecretValues: only sensitive files and env vars', () => {
    const enc = new TextEncoder();
    expect(
      collectSecretValues({
        files: [{ bytes: enc.encode('tok3n'), sensitive: true }, { bytes: enc.encode('public') }],
        env: [
          ['A', 'plain'],
          ['B', 'pw123'],
        ],
        sensitiveEnv: new Set(['B']),
      }),
    ).toEqual(['tok3n', 'pw123']);
  });
});
