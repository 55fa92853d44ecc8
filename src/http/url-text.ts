import type { Context, Middleware, Next } from 'koa';
import { badRequest } from '../domain/errors';
import { fieldsFromForm } from './fields';
import { loadOpenApiDocument } from './openapi-document';
import { checkFields, decodeComponent, textProblem } from './text-rules';

type PathTemplate = { pattern: RegExp; names: string[] };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/open311/v2/requests/{service_request_id}.{format}` → a pattern capturing each raw parameter. */
function compile(template: string): PathTemplate {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const parameter = /^\{(.+)\}$/.exec(part);
      if (parameter === null) return escapeRegExp(part);
      names.push(parameter[1]);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

/** The path templates of the OpenAPI document, so a path parameter is named as the contract names it. */
export function pathTemplates(document = loadOpenApiDocument()): PathTemplate[] {
  return Object.keys(document.paths as Record<string, unknown>)
    .filter((template) => template.includes('{'))
    .map(compile);
}

let documentTemplates: PathTemplate[] | undefined;

/** Raw path parts with the names they are checked under: the template's parameters, else "path". */
function namedParts(path: string, templates: PathTemplate[]): [string, string][] {
  for (const template of templates) {
    const match = template.pattern.exec(path);
    if (match) return template.names.map((name, index) => [name, match[index + 1]]);
  }
  return path.split('/').map((segment) => ['path', segment]);
}

function checkPath(path: string, templates: PathTemplate[]): void {
  for (const [name, raw] of namedParts(path, templates)) {
    // Path segments are decoded like the router does: `+` stays a plus.
    const problem = textProblem(name, decodeComponent(raw, name, false));
    if (problem) throw badRequest(problem);
  }
}

/**
 * The text rule (docs/api.md, "Text that comes in") for the URL of every route, public and admin: a
 * path parameter or query parameter (name or value) holding NUL, a C0 control other than TAB,
 * LF and CR, U+FFFE/U+FFFF, a lone surrogate or an undecodable escape is a 400 naming it, in the
 * requested format, before any route reads it. Only escapes can carry such characters: Node
 * refuses them raw in the request line, so URLs without `%` are passed through unexamined.
 */
export function urlTextRule(templates: PathTemplate[] = (documentTemplates ??= pathTemplates())): Middleware {
  return async (ctx: Context, next: Next) => {
    if (ctx.path.includes('%')) checkPath(ctx.path, templates);
    if (ctx.querystring.includes('%')) checkFields(fieldsFromForm(ctx.querystring));
    await next();
  };
}
