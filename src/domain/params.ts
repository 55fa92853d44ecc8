import type { Fields } from './fields';

/**
 * Query parameters after the parameter layer (src/http/validate-params.ts) has checked them
 * against the OpenAPI document: names as the document names them, empty values dropped,
 * numbers, booleans and comma-separated lists already coerced, aliases folded into their
 * main name, document defaults filled in. Domain parsers read these and keep only the rules
 * that span several parameters.
 */
export type ParamValue = string | number | boolean | string[] | number[];
export type Params = Readonly<Record<string, ParamValue | undefined>>;

export const textParam = (params: Params, name: string): string | undefined => params[name] as string | undefined;
export const numberParam = (params: Params, name: string): number | undefined => params[name] as number | undefined;
export const booleanParam = (params: Params, name: string): boolean | null =>
  (params[name] as boolean | undefined) ?? null;
export const listParam = (params: Params, name: string): string[] | null =>
  (params[name] as string[] | undefined) ?? null;

/**
 * A body whose declared fields the parameter layer has checked: the raw fields (for the
 * service definition's `attribute[CODE]` answers and `media_url`), the coerced values, and the
 * layer's problems, which the domain parser answers together with its own in one 400.
 */
export type CheckedBody = { fields: Fields; params: Params; problems: readonly string[] };

/** Page and page size: present whenever the operation declares `page_size` (defaults from the document). */
export type Paging = { page: number; pageSize: number };
export const pagingOf = (params: Params): Paging => ({
  page: params.page as number,
  pageSize: params.page_size as number,
});
