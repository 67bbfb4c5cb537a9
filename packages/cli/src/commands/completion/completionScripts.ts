import type { Command } from '../../command.js';

/** The shells `podstate completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Flag {
  short?: string;
  long: string;
  takesValue: boolean;
  description: string;
  choices?: readonly string[];
}

// biome-ignore lint/suspicious/noExplicitAny: the table holds commands of every options type.
type AnyCommand = Command<any>;

function flagsOf(c: AnyCommand): Flag[] {
  const flags: Flag[] = (c.options ?? []).map((o) => {
    const short = /(?:^|,\s*)(-[A-Za-z])\b/.exec(o.flags)?.[1];
    const long = /(--[a-z][-a-z]*)/.exec(o.flags)?.[1] ?? '';
    return { short, long, takesValue: /[<[]/.test(o.flags), description: o.description, choices: o.choices };
  });
  flags.push({ short: '-h', long: '--help', takesValue: false, description: 'display help for command' });
  return flags;
}

/** Positional words a command accepts first (a resource or machine choice), if any. */
const firstChoices = (c: AnyCommand) => c.arguments?.[0]?.choices ?? [];
/** Commands whose positional arguments after the resource are Pod names. */
const podArgument = (c: AnyCommand) =>
  (c.arguments ?? []).some((a) => /^[<[](names|name|pod)(\.\.\.)?[>\]]$/.test(a.name));

const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

function bash(table: readonly AnyCommand[]): string {
  const names = [...table.map((c) => c.name), 'help'];
  const cases = table
    .map((c) => {
      const flags = flagsOf(c);
      const words = flags.flatMap((f) => (f.short ? [f.short, f.long] : [f.long])).join(' ');
      const valued = flags.filter((f) => f.takesValue);
      const valueCases = valued
        .map((f) => {
          const pats = [f.short, f.long].filter(Boolean).join('|');
          if (f.choices)
            return `        ${pats}) COMPREPLY=( $(compgen -W ${q(f.choices.join(' '))} -- "$cur") ); return ;;`;
          if (f.long === '--log') return `        ${pats}) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;`;
          if (f.long === '--namespace')
            return `        ${pats}) COMPREPLY=( $(compgen -W "$(__podstate_namespaces)" -- "$cur") ); return ;;`;
          return `        ${pats}) return ;;`;
        })
        .join('\n');
      const choices = firstChoices(c).join(' ');
      const valuedWords = valued.flatMap((f) => (f.short ? [f.short, f.long] : [f.long])).join(' ');
      // The first positional word is the resource (pods) when the command has one; Pod names follow.
      let positional: string;
      if (choices && podArgument(c)) {
        positional = `      if [[ $(__podstate_npos ${q(valuedWords)}) -eq 0 ]]; then COMPREPLY=( $(compgen -W ${q(choices)} -- "$cur") ); else COMPREPLY=( $(compgen -W "$(__podstate_pods)" -- "$cur") ); fi`;
      } else if (choices) {
        positional = `      COMPREPLY=( $(compgen -W ${q(choices)} -- "$cur") )`;
      } else if (podArgument(c)) {
        positional = '      COMPREPLY=( $(compgen -W "$(__podstate_pods)" -- "$cur") )';
      } else {
        positional = '      COMPREPLY=( $(compgen -f -- "$cur") )';
      }
      return [
        `    ${c.name})`,
        `      case "$prev" in`,
        valueCases,
        '      esac',
        `      if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W ${q(words)} -- "$cur") ); return; fi`,
        positional,
        '      ;;',
      ].join('\n');
    })
    .join('\n');
  return `# bash completion for podstate. Load it with:  source <(podstate completion bash)
# (or write it to a file in /etc/bash_completion.d/)

# The log options typed so far, so Pod names come from the same log.
__podstate_log_args() {
  local i
  for (( i=2; i < COMP_CWORD; i++ )); do
    case "\${COMP_WORDS[i]}" in
      --log|--store|-n|--namespace) echo "\${COMP_WORDS[i]} \${COMP_WORDS[i+1]}" ;;
      -A|--all-namespaces) echo "\${COMP_WORDS[i]}" ;;
    esac
  done
}

# How many positional words precede the cursor ($1: the options that take a value).
__podstate_npos() {
  local i n=0 skip=0
  for (( i=2; i < COMP_CWORD; i++ )); do
    if (( skip )); then skip=0; continue; fi
    case "\${COMP_WORDS[i]}" in
      -*=*) ;;
      -*) [[ " $1 " == *" \${COMP_WORDS[i]} "* ]] && skip=1 ;;
      *) n=$((n+1)) ;;
    esac
  done
  echo $n
}

__podstate_pods() {
  podstate get pods $(__podstate_log_args) -o 'jsonpath={.items[*].metadata.name}' 2>/dev/null
}

__podstate_namespaces() {
  podstate get pods $(__podstate_log_args) -A -o 'jsonpath={.items[*].metadata.namespace}' 2>/dev/null | tr ' ' '\\n' | sort -u
}

_podstate() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=( $(compgen -W ${q(`${names.join(' ')} --help --version`)} -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
    help) COMPREPLY=( $(compgen -W ${q(names.join(' '))} -- "$cur") ) ;;
${cases}
  esac
}
complete -o default -F _podstate podstate
`;
}

function zsh(table: readonly AnyCommand[]): string {
  return `#compdef podstate
# zsh completion for podstate. Load it with:  source <(podstate completion zsh)
# It is the bash completion, through zsh's bashcompinit.
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(table)}`;
}

function fish(table: readonly AnyCommand[]): string {
  const lines = [
    '# fish completion for podstate. Load it with:  podstate completion fish | source',
    '# (or write it to ~/.config/fish/completions/podstate.fish)',
    'complete -c podstate -f',
    ...table.map((c) => `complete -c podstate -n __fish_use_subcommand -a ${c.name} -d ${q(c.summary)}`),
    `complete -c podstate -n __fish_use_subcommand -a help -d ${q('show the help of a command')}`,
    `complete -c podstate -n '__fish_seen_subcommand_from help' -a ${q(table.map((c) => c.name).join(' '))}`,
  ];
  for (const c of table) {
    const when = `'__fish_seen_subcommand_from ${c.name}'`;
    for (const f of flagsOf(c)) {
      const parts = [`complete -c podstate -n ${when}`];
      if (f.short) parts.push(`-s ${f.short.slice(1)}`);
      parts.push(`-l ${f.long.slice(2)}`);
      if (f.takesValue) parts.push(f.long === '--log' ? '-r -F' : '-r');
      if (f.choices) parts.push(`-a ${q(f.choices.join(' '))}`);
      parts.push(`-d ${q(f.description)}`);
      lines.push(parts.join(' '));
    }
    const choices = firstChoices(c);
    if (choices.length > 0) lines.push(`complete -c podstate -n ${when} -a ${q(choices.join(' '))}`);
    if (podArgument(c)) {
      lines.push(
        `complete -c podstate -n ${when} -a '(podstate get pods -o "jsonpath={.items[*].metadata.name}" 2>/dev/null | string split " ")'`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script for `shell`, generated from the command table. */
export function completionScript(shell: Shell, table: readonly AnyCommand[]): string {
  return shell === 'bash' ? bash(table) : shell === 'zsh' ? zsh(table) : fish(table);
}
