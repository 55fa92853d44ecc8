import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadOpenApiDocument } from './openapi-document';

/** The id the OpenAPI document is registered under: `openapi#/components/schemas/X`. */
export const DOCUMENT_ID = 'openapi';

/**
 * The one ajv instance that checks input against the OpenAPI document: admin JSON bodies
 * (`src/admin/json-body.ts`) and the query parameters of every route (`validate-params.ts`).
 * No `coerceTypes`: query strings are coerced by the parameter layer, where it knows each
 * parameter's declared type, so a JSON body's `"1"` never silently becomes a number.
 */
export const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** The document as loaded once for this process, registered with the ajv instance. */
export const openApiDocument = loadOpenApiDocument();
ajv.addSchema(openApiDocument, DOCUMENT_ID);
