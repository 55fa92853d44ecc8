import { values, type Fields } from './fields';
import type { ServiceAttribute } from './catalogue';

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function answersFor(fields: Fields, code: string): string[] {
  return [...values(fields, `attribute[${code}]`), ...values(fields, `attribute[${code}][]`)];
}

function checkValue(attribute: ServiceAttribute, value: string): string | null {
  const name = `attribute[${attribute.code}]`;
  switch (attribute.datatype) {
    case 'number':
      return NUMBER.test(value) ? null : `${name} must be a number`;
    case 'datetime':
      return DATETIME.test(value) && !Number.isNaN(new Date(value).getTime())
        ? null
        : `${name} must be an ISO 8601 datetime`;
    case 'string':
      return value.includes('\n')
        ? `${name} must be a single line`
        : value.length > 1000
          ? `${name} is longer than 1000 characters`
          : null;
    case 'text':
      return value.length > 5000 ? `${name} is longer than 5000 characters` : null;
    default: {
      const keys = attribute.values.map((v) => v.key);
      return keys.includes(value) ? null : `${name} value "${value}" is not one of: ${keys.join(', ')}`;
    }
  }
}

/**
 * Checks `attribute[CODE]` / `attribute[CODE][]` answers against the service definition
 * (docs/open311-dialect.md §11.4): required, list keys, datatypes. Unknown codes are ignored like any
 * unknown parameter; informational (variable=false) attributes take no answer.
 */
export function readAttributeAnswers(
  fields: Fields,
  attributes: ServiceAttribute[],
  problems: string[],
): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const attribute of attributes) {
    if (!attribute.variable) continue;
    const given = answersFor(fields, attribute.code);
    if (given.length === 0) {
      // Chicago's acceptance suite looks for "<CODE> required" in the message.
      if (attribute.required) {
        problems.push(`attribute[${attribute.code}] is missing: ${attribute.code} required for this service`);
      }
      continue;
    }
    if (attribute.datatype !== 'multivaluelist' && given.length > 1) {
      problems.push(`attribute[${attribute.code}] takes one value, got ${given.length}`);
      continue;
    }
    const errors = given.map((value) => checkValue(attribute, value)).filter((e): e is string => e !== null);
    if (errors.length > 0) problems.push(...errors);
    else answers[attribute.code] = attribute.datatype === 'multivaluelist' ? [...new Set(given)] : given[0];
  }
  return answers;
}
