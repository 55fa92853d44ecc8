/**
 * One ajv engine per wire format for the requirement schemas in georeport-schemas.ts. JSON answers
 * are checked as they are. XML has no types: an XML answer, mapped to the JSON shape by the test
 * helpers, is checked with ajv's type coercion, so `<metadata>true</metadata>` passes as a boolean
 * and `<lat>60.4</lat>` as a number, while `<status>pending</status>` still fails.
 */
import Ajv, { type SchemaObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type WireFormat = 'json' | 'xml';

function engine(format: WireFormat): Ajv {
  // strict: a typo in our own schemas is an error, not a rule that silently checks nothing.
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true, coerceTypes: format === 'xml' });
  addFormats(ajv);
  return ajv;
}

const engines: Record<WireFormat, Ajv> = { json: engine('json'), xml: engine('xml') };
const compiled: Record<WireFormat, Map<SchemaObject, ValidateFunction>> = { json: new Map(), xml: new Map() };

/** Every rule `data` breaks, one readable line each; empty when it satisfies `schema`. */
export function schemaProblems(schema: SchemaObject, format: WireFormat, data: unknown): string[] {
  let validate = compiled[format].get(schema);
  if (validate === undefined) {
    validate = engines[format].compile(schema);
    compiled[format].set(schema, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(root)'} ${e.keyword}: ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}
