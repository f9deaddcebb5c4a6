/**
 * Profile validation against server/data/profile.schema.json, with messages
 * that name the field (`/registers/1.0.ecx: must match pattern …`). Ajv is
 * loaded and the schema compiled on the first validation, not when the
 * language server or the CLI starts.
 */
import type * as AjvModule from 'ajv';
import schema from '../../data/profile.schema.json';

let validator: ReturnType<AjvModule.default['compile']> | undefined;

export function validateProfileJson(json: unknown): string[] {
  if (!validator) {
    const Ajv = (require('ajv') as typeof AjvModule).default;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  if (validator(json)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '(profile)'}: ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` ("${String(e.params.additionalProperty)}")` : ''}`);
}
