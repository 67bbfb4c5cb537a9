import { type CustomColumn, JsonPath, JsonPathError, parseCustomColumns } from '@podstate/projections/views';
import type { CommandOption } from '../command.js';

/** What `-o` of `get` asks for, as kubectl's printer flags accept it. */
export type GetFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string; path: JsonPath }
  | { kind: 'custom-columns'; columns: CustomColumn[] };

const FORMATS = 'wide, name, json, yaml, jsonpath=<template>, custom-columns=<HEADER:.path,…>';

/** Parses `-o` (kubectl's get printer flags); a bad template is refused with client-go's message. */
export function parseGetFormat(raw: string): GetFormat {
  // `-o=json` (pflag's spelling) reaches commander as the value `=json`.
  const value = raw.startsWith('=') ? raw.slice(1) : raw;
  if (value === 'wide') return { kind: 'table', wide: true };
  if (value === 'json' || value === 'yaml' || value === 'name') return { kind: value };
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  const arg = eq < 0 ? '' : value.slice(eq + 1);
  if (name === 'jsonpath') {
    if (arg === '')
      throw new Error(
        'template format specified but no template given: use -o jsonpath={.items[*].metadata.name}',
      );
    try {
      return { kind: 'jsonpath', template: arg, path: new JsonPath(arg) };
    } catch (e) {
      throw new Error(`error parsing jsonpath ${arg}, ${(e as Error).message}`);
    }
  }
  if (name === 'custom-columns') {
    try {
      return { kind: 'custom-columns', columns: parseCustomColumns(arg) };
    } catch (e) {
      if (e instanceof JsonPathError) throw new Error(e.message);
      throw e;
    }
  }
  throw new Error(
    `unable to match a printer suitable for the output format "${value}", allowed formats are: ${FORMATS}`,
  );
}

/** `-o, --output` for `get`. */
export const getOutputOption: CommandOption = {
  flags: '-o, --output <format>',
  description: `output format: ${FORMATS}`,
  parse: (value) => parseGetFormat(value),
};
