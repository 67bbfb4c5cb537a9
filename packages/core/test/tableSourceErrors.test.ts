// The table serialiser (machines/tableSource.ts) names what it cannot write, so a change to
// compileMachine's output that it does not know fails `npm run gen` with a message to act on.
import { describe, expect, it } from 'vitest';
import { tableModuleSource } from '../src/machines/tableSource.js';

const rules = { guards: {}, actions: {} };
const write = (compiled: unknown) => () => tableModuleSource([{ name: 't', what: '', compiled, rules }]);

describe('tableModuleSource refusals name the offending value', () => {
  it('a function without a name is called anonymous', () => {
    const [unnamed] = [() => undefined];
    expect(unnamed!.name).toBe('');
    expect(write({ f: unnamed })).toThrow(
      "tableSource: the compiled table holds a function that is none of the chart's named guards or actions (anonymous); only those can be written out",
    );
  });

  it('an object whose prototype has no constructor is called a class instance', () => {
    const orphan = Object.create(Object.create(null));
    expect(write({ orphan })).toThrow('tableSource: cannot write a class instance into the table');
  });
});
