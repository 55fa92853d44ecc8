import type { Datatype, Locale, Localized } from '../../domain/catalogue';

import type { AttributeInput, ServicePatch } from '../../domain/catalogue-input';

export type {
  AttributeInput,
  DepartmentCreate,
  DepartmentPatch,
  ServiceCreate,
  ServicePatch,
} from '../../domain/catalogue-input';

const LIST_TYPES: readonly Datatype[] = ['singlevaluelist', 'multivaluelist'];

function duplicates(items: readonly (string | number)[]): (string | number)[] {
  return [...new Set(items.filter((item, index) => items.indexOf(item) !== index))];
}

/** A localized text must exist in the municipality's default language: it is every fallback. */
export function missingDefault(where: string, texts: Localized | undefined, locale: Locale): string[] {
  return texts !== undefined && texts[locale] === undefined
    ? [`${where}.${locale} is required: ${locale} is the municipality's default language`]
    : [];
}

function attributeProblems(a: AttributeInput, where: string, locale: Locale): string[] {
  const problems = missingDefault(`${where}.descriptions`, a.descriptions, locale);
  const isList = LIST_TYPES.includes(a.datatype);
  if (isList && (a.values === undefined || a.values.length === 0)) {
    problems.push(`${where}.values: a ${a.datatype} needs at least one value`);
  }
  if (!isList && a.values !== undefined && a.values.length > 0) {
    problems.push(`${where}.values: only singlevaluelist and multivaluelist take values, not ${a.datatype}`);
  }
  if (a.variable === false && a.required === true) {
    problems.push(`${where}.required: a non-variable attribute is text only and cannot be required`);
  }
  const keys = (a.values ?? []).map((v) => v.key);
  for (const key of duplicates(keys)) problems.push(`${where}.values: key "${key}" is given twice`);
  (a.values ?? []).forEach((v, i) => problems.push(...missingDefault(`${where}.values.${i}.names`, v.names, locale)));
  return problems;
}

/**
 * The rules of a service body that a JSON schema cannot say clearly: default-language texts,
 * datatype-specific values (GeoReport service definition, docs/open311-dialect.md §10), unique attribute
 * codes and orders. Returns every problem, each naming its field.
 */
export function serviceProblems(body: ServicePatch, locale: Locale): string[] {
  const problems = missingDefault('names', body.names, locale);
  const attributes = body.attributes ?? [];
  attributes.forEach((a, i) => problems.push(...attributeProblems(a, `attributes.${i}`, locale)));
  for (const code of duplicates(attributes.map((a) => a.code))) {
    problems.push(`attributes: code "${code}" is given twice`);
  }
  for (const order of duplicates(attributes.map((a) => a.order))) {
    problems.push(`attributes: order ${order} is given twice`);
  }
  return problems;
}
