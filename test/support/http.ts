import type supertest from 'supertest';
import { expectValidResponse, expectValidXmlResponse, xmlToSpark } from './openapi';

type Api = ReturnType<typeof supertest>;

export type BothFormats = { json: unknown; xml: unknown; status: number; headers: Record<string, string> };

/**
 * GETs `path` (without suffix) as .json and .xml, validates both against the OpenAPI
 * document, and checks that the XML parses back to exactly the JSON value.
 */
export async function getBoth(
  api: Api,
  path: string,
  query: string,
  operationId: string,
  status = 200,
): Promise<BothFormats> {
  const suffix = query === '' ? '' : `?${query}`;
  const json = await api.get(`${path}.json${suffix}`);
  const xml = await api.get(`${path}.xml${suffix}`);
  expect({ json: json.status, xml: xml.status }).toEqual({ json: status, xml: status });
  expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
  expectValidResponse(operationId, status, 'json', json.body);
  const parsed = expectValidXmlResponse(operationId, status, xml.text);
  expect(parsed).toEqual(json.body);
  return { json: json.body, xml: xmlToSpark(xml.text).value, status, headers: json.headers as Record<string, string> };
}
