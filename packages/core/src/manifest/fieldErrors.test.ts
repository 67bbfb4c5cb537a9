import { describe, expect, test } from 'vitest';
import {
  dedupeFieldErrors,
  duplicate,
  type FieldError,
  forbidden,
  formatFieldError,
  invalid,
  notFound,
  notSupported,
  required,
} from './fieldErrors.js';
import { goQuote } from './goQuote.js';

describe('formatFieldError renders as apimachinery field.Error.Error()', () => {
  const cases: [string, FieldError, string][] = [
    [
      'Duplicate with %q value',
      duplicate('spec.containers[1].name', 'app'),
      'spec.containers[1].name: Duplicate value: "app"',
    ],
    [
      'Required without detail',
      required('spec.containers[0].image'),
      'spec.containers[0].image: Required value',
    ],
    [
      'Required with detail',
      required('metadata.name', 'name or generateName is required'),
      'metadata.name: Required value: name or generateName is required',
    ],
    [
      'Invalid int prints %v',
      invalid('spec.containers[0].livenessProbe.successThreshold', 2, 'must be 1'),
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    ],
    ['Invalid bool prints %v', invalid('x', true, 'd'), 'x: Invalid value: true: d'],
    ['Invalid nil prints "null"', invalid('x', null, 'd'), 'x: Invalid value: "null": d'],
    [
      'NotSupported quotes each supported value',
      notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'OnFailure', 'Never']),
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ],
    [
      'Forbidden ignores the value',
      {
        ...forbidden('spec.containers[0].restartPolicy', 'may not be set for non-init containers'),
        value: 'Always',
      },
      'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
    ],
    [
      'Not found',
      notFound('spec.containers[0].volumeMounts[0].name', 'data'),
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ],
    [
      'Too long shows no value',
      {
        field: 'metadata.annotations',
        type: 'Too long',
        value: 'x',
        detail: 'must have at most 262144 bytes',
      },
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ],
    ['[]string as %#v', invalid('x', ['a', 'b'], 'd'), 'x: Invalid value: []string{"a", "b"}: d'],
    ['float64 in exponent form', invalid('x', 1234567.5, 'd'), 'x: Invalid value: 1.2345675e+06: d'],
  ];
  test.each(cases)('field.Error.ErrorBody: %s', (_name, e, want) => {
    expect(formatFieldError(e)).toBe(want);
  });
});

describe('goQuote matches strconv.Quote', () => {
  test.each([
    ['plain', 'app', '"app"'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['named escapes', '\n\t\r\x07\v\f\b', '"\\n\\t\\r\\a\\v\\f\\b"'],
    ['other control as \\x', '\x01\x7f', '"\\x01\\x7f"'],
    ['printable unicode kept', 'héllo ✓', '"héllo ✓"'],
    ['non-printable unicode as \\u', '\u2028', '"\\u2028"'],
  ])('strconv.Quote: %s', (_n, input, want) => {
    expect(goQuote(input)).toBe(want);
  });
});

test('ErrorList.ToAggregate: repeated messages are reported once', () => {
  const errs = [duplicate('a', 'x'), duplicate('a', 'x'), duplicate('b', 'x')];
  expect(dedupeFieldErrors(errs).map(formatFieldError)).toEqual([
    'a: Duplicate value: "x"',
    'b: Duplicate value: "x"',
  ]);
});
