import { labelValueErrors, qualifiedNameErrors } from '@podstate/core/views';

/**
 * kubectl's `-l` label selectors, transcribed from k8s.io/apimachinery/pkg/labels/selector.go
 * (Lexer, Parser.parse, NewRequirement, Requirement.Matches): equality (`=`, `==`, `!=`),
 * set-based (`in (a,b)`, `notin (a,b)`), existence (`key`, `!key`) and `>`/`<` on integers,
 * requirements ANDed by `,`.
 */
export type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One requirement: key, operator, values (sorted, unique, as a sets.String lists them). */
export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

/** A selector kubectl refuses: the message is apimachinery's. */
export class LabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorError';
  }
}

enum Tok {
  Error,
  End,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const string2token: Record<string, Tok> = {
  ')': Tok.ClosedPar,
  ',': Tok.Comma,
  '!': Tok.DoesNotExist,
  '==': Tok.DoubleEquals,
  '=': Tok.Equals,
  '>': Tok.GreaterThan,
  in: Tok.In,
  '<': Tok.LessThan,
  '!=': Tok.NotEquals,
  notin: Tok.NotIn,
  '(': Tok.OpenPar,
};
const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c) && c !== '';

interface Item {
  tok: Tok;
  lit: string;
}

/** selector.go Lexer.Lex, over the whole input. */
function scan(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  const read = () => (pos < s.length ? s[pos++]! : '');
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    if (ch === '') {
      items.push({ tok: Tok.End, lit: '' });
      return items;
    }
    pos--;
    if (isSpecial(ch)) {
      let buffer = '';
      let last: Item | undefined;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecial(c)) {
          buffer += c;
          const t = string2token[buffer];
          if (t !== undefined) last = { tok: t, lit: buffer };
          else if (last !== undefined) {
            pos--;
            break;
          }
        } else {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecial(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buffer += c;
      }
      items.push({ tok: string2token[buffer] ?? Tok.Identifier, lit: buffer });
    }
  }
}

const invalid = (field: string, value: string, errs: string[]) =>
  `${field}: Invalid value: ${JSON.stringify(value)}: ${errs.join('; ')}`;

/** selector.go Parser: the requirements of `selector`, sorted by key. */
export function parseLabelSelector(selector: string): Requirement[] {
  const items = scan(selector);
  let position = 0;
  // In the Values context `in` and `notin` are identifiers (`x in (in)`).
  const asValue = (t: Item): Item =>
    t.tok === Tok.In || t.tok === Tok.NotIn ? { tok: Tok.Identifier, lit: t.lit } : t;
  const lookahead = (values = true) => (values ? asValue(items[position]!) : items[position]!);
  const consume = (values = true) => {
    const t = items[position++]!;
    return values ? asValue(t) : t;
  };
  const fail = (m: string): never => {
    throw new LabelSelectorError(m);
  };

  const parseRequirement = (): Requirement => {
    // parseKeyAndInferOperator
    let operator: SelectorOperator | undefined;
    let t = consume();
    if (t.tok === Tok.DoesNotExist) {
      operator = '!';
      t = consume();
    }
    if (t.tok !== Tok.Identifier) fail(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length > 0) fail(invalid('<nil>', key, keyErrs));
    // `!key` needs nothing after it (what follows is then refused by the caller); `key` alone is exists.
    const next = lookahead().tok;
    if (operator === '!' || next === Tok.End || next === Tok.Comma) {
      return { key, operator: operator ?? 'exists', values: [] };
    }
    // parseOperator
    const o = consume(false);
    const ops: Partial<Record<Tok, SelectorOperator>> = {
      [Tok.In]: 'in',
      [Tok.Equals]: '=',
      [Tok.DoubleEquals]: '==',
      [Tok.GreaterThan]: 'gt',
      [Tok.LessThan]: 'lt',
      [Tok.NotIn]: 'notin',
      [Tok.NotEquals]: '!=',
    };
    const op = ops[o.tok];
    if (op === undefined) fail(`found '${o.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = new Set<string>();
    if (op === 'in' || op === 'notin') {
      // parseValues
      const open = consume();
      if (open.tok !== Tok.OpenPar) fail(`found '${open.lit}' expected: '('`);
      const first = lookahead();
      if (first.tok === Tok.Identifier || first.tok === Tok.Comma) {
        // parseIdentifiersList
        for (;;) {
          const v = consume();
          if (v.tok === Tok.Identifier) {
            values.add(v.lit);
            const n = lookahead();
            if (n.tok === Tok.Comma) continue;
            if (n.tok === Tok.ClosedPar) break;
            fail(`found '${n.lit}', expected: ',' or ')'`);
          } else if (v.tok === Tok.Comma) {
            if (values.size === 0) values.add('');
            const n = lookahead();
            if (n.tok === Tok.ClosedPar) {
              values.add('');
              break;
            }
            if (n.tok === Tok.Comma) {
              consume();
              values.add('');
            }
          } else {
            fail(`found '${v.lit}', expected: ',', or identifier`);
          }
        }
        if (consume().tok !== Tok.ClosedPar) fail(`found '${first.lit}', expected: ')'`);
      } else if (first.tok === Tok.ClosedPar) {
        consume();
        values.add('');
      } else {
        fail(`found '${first.lit}', expected: ',', ')' or identifier`);
      }
    } else {
      // parseExactValue
      const n = lookahead();
      if (n.tok === Tok.End || n.tok === Tok.Comma) values.add('');
      else {
        const v = consume();
        if (v.tok !== Tok.Identifier) fail(`found '${v.lit}', expected: identifier`);
        values.add(v.lit);
      }
    }
    const sorted = [...values].sort();
    // NewRequirement's checks.
    const errs: string[] = [];
    if ((op === 'gt' || op === 'lt') && !/^[+-]?\d+$/.test(sorted[0]!)) {
      errs.push(invalid('values[0]', sorted[0]!, ["for 'Gt', 'Lt' operators, the value must be an integer"]));
    }
    sorted.forEach((v, i) => {
      const e = labelValueErrors(v);
      if (e.length > 0) errs.push(invalid(`values[${i}][${key}]`, v, e));
    });
    if (errs.length > 0) fail(errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);
    return { key, operator: op!, values: sorted };
  };

  const requirements: Requirement[] = [];
  for (;;) {
    const t = lookahead();
    if (t.tok === Tok.Identifier || t.tok === Tok.DoesNotExist) {
      let r: Requirement;
      try {
        r = parseRequirement();
      } catch (e) {
        throw new LabelSelectorError(`unable to parse requirement: ${(e as Error).message}`);
      }
      requirements.push(r);
      const after = consume();
      if (after.tok === Tok.End) break;
      if (after.tok === Tok.Comma) {
        const n = lookahead();
        if (n.tok !== Tok.Identifier && n.tok !== Tok.DoesNotExist) {
          throw new LabelSelectorError(`found '${n.lit}', expected: identifier after ','`);
        }
        continue;
      }
      throw new LabelSelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
    }
    if (t.tok === Tok.End) break;
    throw new LabelSelectorError(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
  }
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** selector.go Requirement.Matches. */
export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value!)) return false;
      const l = BigInt(value!);
      const v = BigInt(r.values[0]!);
      return r.operator === 'gt' ? l > v : l < v;
    }
  }
}

/** True when every requirement matches (an empty selector matches everything). */
export function selectorMatches(
  requirements: readonly Requirement[],
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const ls = labels ?? {};
  return requirements.every((r) => requirementMatches(r, ls));
}
