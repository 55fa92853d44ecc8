import { parseStringPromise } from 'xml2js';
import { escapeXml, toXml } from '../../src/http/xml';

describe('toXml', () => {
  it('when given a list under a known root, then items take the singular name and nulls become empty elements', () => {
    expect(toXml('service_requests', [{ service_request_id: '1', media_url: null, lat: 60.1 }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><service_request_id>1</service_request_id><media_url/><lat>60.1</lat></request></service_requests>',
    );
  });

  it('when nested lists appear, then each uses its own singular name', () => {
    const xml = toXml('service_definition', {
      service_code: '1',
      attributes: [{ code: 'A', values: [{ key: 'k', name: 'n' }] }],
    });
    expect(xml).toContain(
      '<attributes><attribute><code>A</code><values><value><key>k</key><name>n</name></value></values></attribute></attributes>',
    );
  });

  it('when a list has no singular name, then it refuses rather than invent one', () => {
    expect(() => toXml('errors', { unknowns: [1] })).toThrow('no singular element name for list "unknowns"');
  });

  it('when text holds markup and XML-illegal characters, then it is escaped, stripped and parses back', async () => {
    const nasty = 'a < b && c > d "q" \u0001\u0008 ok \uD800 😀';
    expect(escapeXml(nasty)).toBe('a &lt; b &amp;&amp; c &gt; d "q"  ok  😀');
    const parsed = await parseStringPromise(toXml('errors', [{ code: 400, description: nasty }]));
    expect(parsed.errors.error[0].description[0]).toBe('a < b && c > d "q"  ok  😀');
  });
});
