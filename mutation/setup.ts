import { fc } from '@fast-check/vitest';

// Mutation runs only need to know whether a property fails, not its smallest counterexample.
fc.configureGlobal({ endOnFailure: true });
