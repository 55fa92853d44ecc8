/**
 * Calibrates the client emulations in client-parsers.ts against answers shaped like the ones the
 * clients' own test suites parse (our fixtures in requirements/xml, see docs/clients.md) and the
 * expectations those suites state, so the compat tests fail only on our output.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  asHash,
  asList,
  dig,
  faradayNestedQuery,
  fixMyStreetXml,
  formEncode,
  parseRubyXmlschema,
  parseW3cdtf,
  PERL_URI_SAFE,
  pythonXml2Dict,
  rubyMultiXml,
} from './client-parsers';

const fixture = (name: string): string => readFileSync(resolve(__dirname, 'requirements/xml', name), 'utf8');

describe('Ruby MultiXml emulation (codeforamerica/open311 spec/open311_spec.rb)', () => {
  it('when the gem parses a POST answer, then request is a Hash and request.service_request_id the id', () => {
    const request = dig(rubyMultiXml(fixture('post-answer.xml')), 'service_requests', 'request');
    expect(asHash(request, 'request').service_request_id).toBe('2024-000417');
  });

  it('when the gem parses a two-request list, then it maps to [[requests…]…] whose first.first is the first request', () => {
    const requests = asList(dig(rubyMultiXml(fixture('request-list.xml')), 'service_requests', 'request'), 'request');
    const gemResult = requests.map(() => requests); // lib/open311/client/service.rb: .map { response[...]['request'] }
    expect(dig(gemResult, 0, 0, 'service_request_id')).toBe('2024-000311');
    expect(dig(requests, 0, 'description')).toBeNull();
    expect(dig(requests, 1, 'lat')).toBe('60.401950'); // no type attribute, so no typecasting
  });

  it('when the gem parses a token answer, then it reads the service_request_id and the token', () => {
    const request = asHash(dig(rubyMultiXml(fixture('token-answer.xml')), 'service_requests', 'request'), 'request');
    expect([request.service_request_id, request.token]).toEqual([
      '2024-000418',
      '7c1e9b52-04d3-4f8a-b6e0-2a95d13c7f40',
    ]);
  });

  it('when a child element is literally <type>array</type>, then MultiXml would not read it as a string', () => {
    expect(() => rubyMultiXml('<?xml version="1.0"?><s><service><type>array</type><c>1</c></service></s>')).toThrow();
  });
});

describe('Perl XML::Simple emulation (FixMyStreet _get_xml_object)', () => {
  it('when FixMyStreet parses a one-request answer, then request is forced to a list and empty elements are undef', () => {
    const obj = fixMyStreetXml(fixture('post-answer.xml'));
    expect(dig(obj, 'request', 0, 'service_request_id')).toBe('2024-000417');
    expect(dig(obj, 'request', 0, 'account_id')).toBeNull();
  });

  it('when a service definition is parsed, then GroupTags fold <attributes> and <values> into lists', () => {
    const obj = fixMyStreetXml(
      '<?xml version="1.0"?><service_definition><service_code>1</service_code><attributes><attribute>' +
        '<code>A</code><order>1</order><values><value><key>k</key><name>n</name></value></values></attribute></attributes></service_definition>',
    );
    expect(dig(obj, 'attributes', 0, 'values', 0)).toEqual({ key: 'k', name: 'n' });
  });
});

describe('Python xml2dict emulation (codeforamerica/open311_python test_open311.py)', () => {
  it('when the library parses a one-request answer, then request is a dict (TestServiceRequestsMethod)', () => {
    const request = dig(pythonXml2Dict(fixture('post-answer.xml')), 'service_requests', 'request');
    expect(asHash(request, 'request').service_request_id).toBe('2024-000417');
    expect(dig(request, 'account_id')).toBeNull();
  });
});

describe('datetime parsers', () => {
  it.each([
    ['2005-03-10T20:14:34+09:30', '2005-03-10T10:44:34.000Z'],
    ['2000-06-12T14:12:33Z', '2000-06-12T14:12:33.000Z'],
    ['1994-11-05T08:15:30-05:00', '1994-11-05T13:15:30.000Z'],
    ['2004-07-01T15:00:13.17-05:00', '2004-07-01T20:00:13.170Z'],
  ])('when W3CDTF parses its own test vector %s, then the instant is %s', (text, utc) => {
    const parsed = parseW3cdtf(text);
    expect(parsed && new Date(parsed.epochMs).toISOString()).toBe(utc);
    expect(parsed?.hasZone).toBe(true);
  });

  it('when W3CDTF gets a time without zone or a space instead of T, then it is floating or dies', () => {
    expect(parseW3cdtf('2003-02-10T15:23:45')?.hasZone).toBe(false);
    expect(parseW3cdtf('2003-02-10 15:23:45+02:00')).toBeNull();
    expect(parseW3cdtf('2003-02-30T15:23:45Z')).toBeNull();
  });

  it('when Ruby Time.iso8601 parses Z, offsets and fractions, then it gets the instant; other shapes raise', () => {
    expect(parseRubyXmlschema('2024-05-02T08:02:07Z')).toBe(Date.UTC(2024, 4, 2, 8, 2, 7));
    expect(parseRubyXmlschema('2024-05-02T11:02:07+03:00')).toBe(Date.UTC(2024, 4, 2, 8, 2, 7));
    expect(parseRubyXmlschema('2011-02-03 14:18')).toBeNull();
  });
});

describe('form encoders', () => {
  it('when Perl URI escapes a FixMyStreet body, then brackets, newlines and ä are percent-encoded and spaces are +', () => {
    expect(formEncode([['attribute[SIZE]', 'a b\nä']], PERL_URI_SAFE)).toBe('attribute%5BSIZE%5D=a+b%0A%C3%A4');
  });

  it('when Faraday builds a nested query, then hashes become name[key], arrays name[key][] and nil a bare name', () => {
    expect(
      faradayNestedQuery([
        ['jurisdiction_id', null],
        ['attribute', { A: 'x', B: ['1', '2'] }],
      ]),
    ).toBe('jurisdiction_id&attribute%5BA%5D=x&attribute%5BB%5D%5B%5D=1&attribute%5BB%5D%5B%5D=2');
  });
});
