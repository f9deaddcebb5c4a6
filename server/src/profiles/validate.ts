/**
 * Profile validation against server/data/profile.schema.json, with messages
 * that name the field (`/registers/1.0.ecx: must match pattern …`).
 */
import Ajv from 'ajv';
import schema from '../../data/profile.schema.json';

let validator: ReturnType<Ajv['compile']> | undefined;

export function validateProfileJson(json: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  if (validator(json)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '(profile)'}: ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` ("${String(e.params.additionalProperty)}")` : ''}`);
}
