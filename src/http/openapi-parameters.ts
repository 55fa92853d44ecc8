import { openApiDocument } from './openapi-ajv';

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows a local JSON pointer (`#/paths/~1open311~1v2~1requests.{format}/get/parameters/1`). */
export function resolvePointer(document: Node, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isNode(node) || Array.isArray(node) ? (node as Node)[key] : undefined), document);
}

/** A node with its `$ref` chain followed (the document's own parts only). */
export function deref(node: unknown, document: Node = openApiDocument): Node {
  let current = node;
  for (let depth = 0; isNode(current) && typeof current.$ref === 'string'; depth += 1) {
    if (depth > 20) throw new Error(`reference loop at ${current.$ref}`);
    current = resolvePointer(document, current.$ref);
  }
  if (!isNode(current)) throw new Error('reference to nothing');
  return current;
}

/** A schema with its local references pointed at the document as registered with ajv. */
export function forAjv(node: unknown, documentId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => forAjv(item, documentId));
  if (!isNode(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${documentId}${value}`
        : forAjv(value, documentId),
    ]),
  );
}

/** One query parameter of an operation, as the document declares it. */
export type QueryParameter = {
  name: string;
  required: boolean;
  /** The schema as written (references intact), for ajv. */
  schema: unknown;
  /** The schema with references followed, for coercion and error wording. */
  shape: Node;
  /** `items` of an array schema, references followed. */
  items: Node | null;
  /** `style: form, explode: false`: one value, comma-separated. */
  commaList: boolean;
  /** `x-alias-of`: another name for that parameter (the main name wins when both are given). */
  aliasOf: string | null;
  /**
   * `x-invalid`: the wording after the parameter's name when its value is refused; a mapping
   * gives one wording per schema keyword (`maxLength`, `pattern`, …).
   */
  invalid: string | Record<string, string> | null;
};

export type OperationParameters = {
  operationId: string;
  parameters: QueryParameter[];
  /** `x-additional-parameters: false`: an undeclared parameter is a 400 naming it. */
  refuseUnknown: boolean;
};

function describeParameter(parameter: Node, name: string, schema: unknown, required: boolean): QueryParameter {
  const shape = deref(schema);
  const items = shape.type === 'array' ? deref(shape.items) : null;
  const invalid = parameter['x-invalid'] ?? shape['x-invalid'] ?? items?.['x-invalid'] ?? null;
  return {
    name,
    required,
    schema,
    shape,
    items,
    commaList: shape.type === 'array' && parameter.explode === false,
    aliasOf: typeof parameter['x-alias-of'] === 'string' ? parameter['x-alias-of'] : null,
    invalid: typeof invalid === 'string' || isNode(invalid) ? (invalid as QueryParameter['invalid']) : null,
  };
}

function queryParameter(raw: unknown): QueryParameter | null {
  const parameter = deref(raw);
  if (parameter.in !== 'query') return null;
  return describeParameter(parameter, String(parameter.name), parameter.schema, parameter.required === true);
}

/**
 * The fields of a form body described by an object schema of the document
 * (`#/components/schemas/<name>`): each property read like a query parameter.
 */
export function bodyParameters(schemaName: string, document: Node = openApiDocument): OperationParameters {
  const schema = deref({ $ref: `#/components/schemas/${schemaName}` }, document);
  const properties = isNode(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return {
    operationId: schemaName,
    parameters: Object.entries(properties).map(([name, property]) =>
      describeParameter(isNode(property) ? property : {}, name, property, required.has(name)),
    ),
    refuseUnknown: false,
  };
}

/** Every operation's query parameters, by operationId. */
export function operationParameters(document: Node = openApiDocument): Map<string, OperationParameters> {
  const operations = new Map<string, OperationParameters>();
  for (const pathItem of Object.values(document.paths as Node)) {
    if (!isNode(pathItem)) continue;
    const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    for (const operation of Object.values(pathItem)) {
      if (!isNode(operation) || typeof operation.operationId !== 'string') continue;
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      const parameters = [...shared, ...own].map(queryParameter).filter((p): p is QueryParameter => p !== null);
      operations.set(operation.operationId, {
        operationId: operation.operationId,
        parameters,
        refuseUnknown: operation['x-additional-parameters'] === false,
      });
    }
  }
  return operations;
}
