import type { ErrorObject } from 'ajv/dist/2020';
import type { QueryParameter } from './openapi-parameters';

const quoted = (value: unknown): string => `"${String(value).slice(0, 100)}"`;

function range(low: unknown, high: unknown): string {
  if (low !== undefined && high !== undefined) return `from ${String(low)} to ${String(high)}`;
  if (low !== undefined) return `of at least ${String(low)}`;
  return high === undefined ? '' : `of at most ${String(high)}`;
}

function lengthWording(name: string, min: unknown, max: unknown): string {
  if (min !== undefined && max !== undefined) return `${name} must be ${String(min)} to ${String(max)} characters`;
  if (max !== undefined) return `${name} may be at most ${String(max)} characters`;
  return `${name} must be at least ${String(min)} characters`;
}

/**
 * The wording of a refused query parameter: the parameter's own `x-invalid` text when the
 * document gives one (`{value}` is the refused value or list item), else a sentence made from
 * the declared type and bounds. Always names the parameter; ajv's own phrases ("must be
 * integer") are the last resort.
 */
export function problemText(
  name: string,
  value: unknown,
  error: ErrorObject,
  parameter: QueryParameter | undefined,
): string {
  if (parameter === undefined) return `unknown parameter "${name}"`;
  if (error.keyword === 'required') return `${name} is required`;
  const invalid = typeof parameter.invalid === 'string' ? parameter.invalid : parameter.invalid?.[error.keyword];
  if (invalid !== undefined) return `${name} ${invalid.replace('{value}', String(value))}`;
  const schema = parameter.items ?? parameter.shape;
  switch (schema.type) {
    case 'integer':
      return `${name} must be a whole number ${range(schema.minimum, schema.maximum)}`.trimEnd();
    case 'number':
      return `${name} must be a decimal number ${range(schema.minimum, schema.maximum)}`.trimEnd();
    case 'boolean':
      return `${name} must be true or false`;
  }
  if (Array.isArray(schema.enum)) {
    const allowed = schema.enum.map(String).join(', ');
    return parameter.items === null
      ? `${name} must be one of ${allowed}`
      : `${name} ${quoted(value)} is not one of ${allowed}`;
  }
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    if (error.keyword === 'minLength' || error.keyword === 'maxLength') {
      return lengthWording(name, schema.minLength, schema.maxLength);
    }
  }
  if (error.keyword === 'pattern') return `${name} ${quoted(value)} is not in the expected form`;
  return `${name} ${error.message ?? 'is invalid'}`;
}
