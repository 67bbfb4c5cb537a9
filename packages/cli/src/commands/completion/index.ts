import { type Command, defineCommand } from '../../command.js';
import { completionScript, SHELLS, type Shell } from './completionScripts.js';

/**
 * `podstate completion bash|zsh|fish`: the shell completion script (commands, options, their
 * choices, Pod names from the log), as `kubectl completion` prints one. `table` is read when run.
 */
// biome-ignore lint/suspicious/noExplicitAny: the table holds commands of every options type.
export function completionCommand(table: () => readonly Command<any>[]) {
  return defineCommand<Record<string, never>>({
    name: 'completion',
    summary: 'print the shell completion script for bash, zsh or fish',
    description:
      'Print a script that completes podstate commands, options, their values and Pod names (read from ' +
      'the --log/--store typed on the line) in the shell. bash: `source <(podstate completion bash)`; ' +
      'zsh: `source <(podstate completion zsh)`; fish: `podstate completion fish | source`.',
    arguments: [{ name: '<shell>', description: 'bash, zsh or fish', choices: SHELLS }],
    examples: [
      {
        description: 'install the bash completion where bash-completion finds it',
        command: 'podstate completion bash > /etc/bash_completion.d/podstate',
      },
      { description: 'or load it in this bash session only', command: 'source <(podstate completion bash)' },
      {
        description: 'install it for fish',
        command: 'podstate completion fish > ~/.config/fish/completions/podstate.fish',
      },
    ],
    async run({ args }, ctx) {
      ctx.io.stdout.write(completionScript(args.shell as Shell, table()));
      return 0;
    },
  });
}
