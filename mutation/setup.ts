import fc from 'fast-check';

// Mutation runs only need to know whether a property fails, not its smallest counterexample.
// (fast-check itself, not @fast-check/vitest: vitest re-runs setup files on every run, and
// importing @fast-check/vitest there cost seconds per mutant; both share fast-check's global
// configuration.)
fc.configureGlobal({ endOnFailure: true });
