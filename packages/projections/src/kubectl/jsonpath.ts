/**
 * kubectl's JSONPath templates (`-o jsonpath=…`, custom-columns, `--sort-by`), transcribed from
 * k8s.io/client-go/util/jsonpath (parser.go Parse, jsonpath.go FindResults/PrintResults): text
 * outside `{}` is printed as is; inside, `.field`, `['key']`, `[i]`, `[start:end:step]`, `[*]`,
 * `[a,b]` unions, `..` recursive descent, `[?(@.x == "y")]` filters, quoted literals, and
 * `{range …}…{end}` loops. Values are plain JSON (as kubectl's unstructured objects): maps and
 * arrays print as compact JSON with sorted keys, scalars as Go's fmt.Print would.
 */

type Node =
  | { kind: 'list'; nodes: Node[] }
  | { kind: 'text'; text: string }
  | { kind: 'field'; name: string }
  | { kind: 'array'; params: [Param, Param, Param] }
  | { kind: 'filter'; left: Node & { kind: 'list' }; right: Node & { kind: 'list' }; op: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'wildcard' }
  | { kind: 'recursive' }
  | { kind: 'union'; nodes: (Node & { kind: 'list' })[] }
  | { kind: 'identifier'; name: string };

interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

type ListNode = Node & { kind: 'list' };

/** A template kubectl refuses: the message is client-go's. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

const list = (): ListNode => ({ kind: 'list', nodes: [] });
const isSpace = (r: string) => r === ' ' || r === '\t';
const isEndOfLine = (r: string) => r === '\r' || r === '\n';
const isTerminator = (r: string) => r === '' || isSpace(r) || isEndOfLine(r) || '.,[]$@{}'.includes(r);
const isAlphaNumeric = (r: string) => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
const isDigit = (r: string) => /^\p{Nd}$/u.test(r);
const sliceOperatorRex = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const dictKeyRex = /^'([^']*)'$/;

/** parser.go Parser: a recursive-descent scan over the template's code points. */
class Parser {
  root = list();
  private pos = 0;
  private start = 0;
  private width = 0;

  constructor(private readonly input: string) {}

  parse(): ListNode {
    this.parseText(this.root);
    return this.root;
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return '';
    }
    const r = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.width = r.length;
    this.pos += r.length;
    return r;
  }

  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private rest(): string {
    return this.input.slice(this.pos);
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) cur.nodes.push({ kind: 'text', text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === '') break;
    }
    if (this.pos > this.start) cur.nodes.push({ kind: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node = list();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) {
        this.parseRightDelim();
        return;
      }
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        return;
      }
      if (rest.startsWith('..')) {
        this.parseRecursive(cur);
        return;
      }
      const r = this.next();
      if (r === '' || isEndOfLine(r)) throw new JsonPathError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') {
        this.consumeText();
        continue;
      }
      if (r === '[') {
        this.parseArray(cur);
        return;
      }
      if (r === '"' || r === "'") {
        this.parseQuote(cur, r);
        return;
      }
      if (r === '.') {
        this.parseField(cur);
        return;
      }
      if (r === '+' || r === '-' || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
        return;
      }
      if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
        return;
      }
      const cp = r.codePointAt(0)!;
      throw new JsonPathError(
        `unrecognized character in action: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`,
      );
    }
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ kind: 'bool', value: value === 'true' });
    else cur.nodes.push({ kind: 'identifier', name: value });
    this.parseInsideAction(cur);
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes[cur.nodes.length - 1]?.kind === 'recursive') {
      throw new JsonPathError('invalid multiple recursive descent');
    }
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ kind: 'recursive' });
    if (isAlphaNumeric(this.peek())) {
      this.parseField(cur);
      return;
    }
    this.parseInsideAction(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === '+' || r === '-') this.next();
    for (;;) {
      const c = this.next();
      if (c !== '.' && !isDigit(c)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) cur.nodes.push({ kind: 'int', value: Number.parseInt(value, 10) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value))
      cur.nodes.push({ kind: 'float', value: Number.parseFloat(value) });
    else throw new JsonPathError(`cannot parse number ${value}`);
    this.parseInsideAction(cur);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === '' || r === '\n') throw new JsonPathError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';
    const strs = text.split(',');
    if (strs.length > 1) {
      const nodes = strs.map((s) => parseAction(`[${s.trim()}]`));
      cur.nodes.push({ kind: 'union', nodes });
      this.parseInsideAction(cur);
      return;
    }
    const dict = dictKeyRex.exec(text);
    if (dict) {
      for (const n of parseAction(`.${dict[1]}`).nodes) cur.nodes.push(n);
      this.parseInsideAction(cur);
      return;
    }
    const m = sliceOperatorRex.exec(text);
    if (!m) throw new JsonPathError(`invalid array index ${text}`);
    const parts = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: Param[] = [];
    for (let i = 0; i < 3; i++) {
      let v = parts[i]!;
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params.push({ value: 0, known: false, derived: false });
        else params.push({ value: Number.parseInt(v, 10), known: true, derived: false });
      } else if (i === 1) {
        params.push({ value: params[0]!.value + 1, known: true, derived: true });
      } else {
        params.push({ value: 0, known: false, derived: false });
      }
    }
    cur.nodes.push({ kind: 'array', params: params as [Param, Param, Param] });
    this.parseInsideAction(cur);
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === '' || r === '\n') throw new JsonPathError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new JsonPathError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = /^([^!<>=]+)([!<>=~]+)(.+?)$/.exec(text);
    if (!m) {
      cur.nodes.push({ kind: 'filter', left: parseAction(text), right: list(), op: 'exists' });
    } else {
      cur.nodes.push({ kind: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), op: m[2]! });
    }
    this.parseInsideAction(cur);
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === '' || r === '\n') throw new JsonPathError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    cur.nodes.push({ kind: 'text', text: unquoteExtend(value) });
    this.parseInsideAction(cur);
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === '\\') {
        this.next();
        continue;
      }
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ kind: 'wildcard' });
    else cur.nodes.push({ kind: 'field', name: value.replaceAll('\\', '') });
    this.parseInsideAction(cur);
  }
}

/** parser.go parseAction: the nodes of `{text}`. */
function parseAction(text: string): ListNode {
  const root = new Parser(`{${text}}`).parse();
  return root.nodes[0] as ListNode;
}

const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** parser.go UnquoteExtend: strconv.Unquote, also for single-quoted strings. */
function unquoteExtend(s: string): string {
  const quote = s[0];
  if (s.length < 2 || quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) {
    throw new JsonPathError(`unquote string ${s} error invalid syntax`);
  }
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) throw new JsonPathError(`unquote string ${s} error invalid syntax`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e !== undefined && e in ESCAPES) {
      out += ESCAPES[e];
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) {
        throw new JsonPathError(`unquote string ${s} error invalid syntax`);
      }
      out += String.fromCodePoint(Number.parseInt(hex, 16));
      i += n;
    } else {
      throw new JsonPathError(`unquote string ${s} error invalid syntax`);
    }
  }
  return out;
}

/** A JSON value as kubectl's unstructured objects hold it. */
export type JsonValue = unknown;

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A parsed template, evaluated as client-go's JSONPath with AllowMissingKeys (kubectl's default). */
export class JsonPath {
  private readonly root: ListNode;
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: Node | undefined;

  /** Parses `template`; throws JsonPathError with client-go's message when it does not parse. */
  constructor(
    template: string,
    private readonly allowMissingKeys = true,
  ) {
    this.root = new Parser(template).parse();
  }

  /** jsonpath.go FindResults: the results of each top-level node, ranges expanded. */
  findResults(data: JsonValue): JsonValue[][] {
    this.beginRange = 0;
    this.inRange = 0;
    this.endRange = 0;
    return this.find(this.root.nodes, data);
  }

  /** jsonpath.go Execute: the printed template. */
  execute(data: JsonValue): string {
    return this.findResults(data)
      .map((r) => printResults(r))
      .join('');
  }

  private find(nodes: Node[], data: JsonValue): JsonValue[][] {
    const cur = [data];
    const full: JsonValue[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const results = this.walk(cur, node);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = node;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        const body = nodes.slice(i + 1);
        if (results.length > 0) {
          for (const v of results) full.push(...this.find(body, v));
        } else {
          this.find(body, undefined);
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(value: JsonValue[], node: Node): JsonValue[] {
    switch (node.kind) {
      case 'list': {
        let cur = value;
        for (const n of node.nodes) cur = this.walk(cur, n);
        return cur;
      }
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(value, node.name);
      case 'array':
        return evalArray(value, node.params);
      case 'filter':
        return this.evalFilter(value, node);
      case 'int':
      case 'float':
      case 'bool':
        return value.map(() => node.value);
      case 'wildcard':
        return value.flatMap(children);
      case 'recursive':
        return evalRecursive(value);
      case 'union':
        return node.nodes.flatMap((n) => this.walk(value, n));
      case 'identifier':
        if (node.name === 'range') {
          this.beginRange++;
          return value;
        }
        if (node.name === 'end') {
          if (this.inRange > 0) {
            this.endRange++;
            return [];
          }
          throw new JsonPathError('not in range, nothing to end');
        }
        throw new JsonPathError(`unrecognized identifier ${node.name}`);
    }
  }

  private evalField(input: JsonValue[], name: string): JsonValue[] {
    const results: JsonValue[] = [];
    if (input.length === 0) return results;
    for (const v of input) {
      if (isMap(v) && Object.hasOwn(v, name)) results.push(v[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JsonPathError(`${name} is not found`);
    return results;
  }

  private evalFilter(input: JsonValue[], node: Node & { kind: 'filter' }): JsonValue[] {
    const results: JsonValue[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) {
        throw new JsonPathError(`${goPrint(value)} is not array or slice and cannot be filtered`);
      }
      for (const item of value) {
        let lefts: JsonValue[];
        try {
          lefts = this.walk([item], node.left);
        } catch (e) {
          if (node.op === 'exists') continue;
          throw e;
        }
        if (node.op === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
        const rights = this.walk([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
        if (compare(lefts[0], rights[0], node.op)) results.push(item);
      }
    }
    return results;
  }
}

// Go ranges over a map's keys in random order; here in sorted order, so output is deterministic.
function children(v: JsonValue): JsonValue[] {
  if (Array.isArray(v)) return v;
  if (isMap(v))
    return Object.keys(v)
      .sort()
      .map((k) => v[k]);
  // A Go string's elements are its bytes (uint8), which have no elements of their own.
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')];
  return [];
}

function evalRecursive(input: JsonValue[]): JsonValue[] {
  const result: JsonValue[] = [];
  for (const v of input) {
    if (v === null || v === undefined) continue;
    const kids = children(v);
    if (kids.length !== 0) {
      result.push(v);
      result.push(...evalRecursive(kids));
    }
  }
  return result;
}

function evalArray(input: JsonValue[], node: [Param, Param, Param]): JsonValue[] {
  const result: JsonValue[] = [];
  for (const value of input) {
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) throw new JsonPathError(`${goType(value)} is not array or slice`);
    const p = node.map((x) => ({ ...x }));
    const [a, b, c] = p as [Param, Param, Param];
    const len = value.length;
    if (!a.known) a.value = 0;
    if (a.value < 0) a.value += len;
    if (!b.known) b.value = len;
    if (b.value < 0 || (b.value === 0 && b.derived)) b.value += len;
    if (b.value === a.value) continue;
    if (a.value >= len || a.value < 0) {
      throw new JsonPathError(`array index out of bounds: index ${a.value}, length ${len}`);
    }
    if (b.value > len || b.value < 0) {
      throw new JsonPathError(`array index out of bounds: index ${b.value - 1}, length ${len}`);
    }
    if (a.value > b.value) {
      throw new JsonPathError(`starting index ${a.value} is greater than ending index ${b.value}`);
    }
    let step = 1;
    if (c.known) {
      if (c.value <= 0) throw new JsonPathError('step must be > 0');
      step = c.value;
    }
    for (let i = a.value; i < b.value; i += step) result.push(value[i]);
  }
  return result;
}

/** third_party/forked/golang/template: eq/lt/… on basic kinds; numbers compare as numbers. */
function compare(left: JsonValue, right: JsonValue, op: string): boolean {
  const basic = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (!basic(left) || !basic(right)) throw new JsonPathError('invalid type for comparison');
  if (typeof left !== typeof right) {
    if (op === '==') return false;
    if (op === '!=') return true;
    throw new JsonPathError('incompatible types for comparison');
  }
  if (typeof left === 'boolean' && op !== '==' && op !== '!=') {
    throw new JsonPathError('invalid type for comparison');
  }
  const l = left as string | number;
  const r = right as string | number;
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '<':
      return l < r;
    case '>':
      return l > r;
    case '<=':
      return l <= r;
    case '>=':
      return l >= r;
    default:
      throw new JsonPathError(`unrecognized filter operator ${op}`);
  }
}

function goType(v: unknown): string {
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'interface {}';
}

/** Go's encoding/json Marshal: compact, map keys sorted, <, > and & escaped. */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${goJson(k)}:${goJson(v[k])}`).join(',')}}`;
  }
  if (v === undefined) return 'null';
  return JSON.stringify(v)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** fmt.Print of a JSON number: int64 as decimal; float64 as %v (exponent form beyond 1e21). */
function goNumber(n: number): string {
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** fmt.Print of a scalar as evalToText prints it; maps/arrays as %v (custom-columns). */
export function goPrint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goPrint(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** jsonpath.go PrintResults: each result, maps and arrays as JSON, separated by one space. */
export function printResults(results: JsonValue[]): string {
  return results.map((r) => (Array.isArray(r) || isMap(r) ? goJson(r) : goPrint(r))).join(' ');
}

/**
 * kubectl's RelaxedJSONPathExpression (get/customcolumn.go): `.a.b`, `a.b`, `{a.b}`, `{.a.b}` all
 * become `{.a.b}`; used by custom-columns and --sort-by.
 */
export function relaxedJsonPath(expression: string): string {
  if (expression.length === 0) return expression;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expression);
  if (!m) {
    throw new JsonPathError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
  return `{.${m[1] ?? m[2]}}`;
}
