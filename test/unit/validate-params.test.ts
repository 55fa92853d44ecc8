import { ApiError } from '../../src/domain/errors';
import { fieldsFromSearchParams } from '../../src/http/fields';
import { operationParameters } from '../../src/http/openapi-parameters';
import { bodyParams, queryParams } from '../../src/http/validate-params';

const fields = (query: string) => fieldsFromSearchParams(new URLSearchParams(query));

/** The descriptions of the 400 the layer throws, or a failure when it accepts. */
function refusal(operationId: string, query: string): string[] {
  try {
    queryParams(operationId, fields(query));
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    return (error as ApiError).errors.map((e) => e.description);
  }
  throw new Error(`${operationId}?${query} was accepted`);
}

describe('query parameters checked against the OpenAPI document', () => {
  it('when numbers, booleans and comma lists come as strings, then they are coerced as the document declares', () => {
    expect(queryParams('getRequests', fields('lat=60.4&long=25.1&radius=250&status=open,%20closed,&page=2'))).toEqual(
      expect.objectContaining({ lat: 60.4, long: 25.1, radius: 250, status: ['open', 'closed'], page: 2 }),
    );
    expect(queryParams('adminListRequests', fields('held=true&overdue=false'))).toEqual(
      expect.objectContaining({ held: true, overdue: false }),
    );
  });

  it('when a parameter is absent or empty, then the document default fills it and an alias folds into its name', () => {
    expect(queryParams('getRequests', fields('status=&per_page=20&q=puisto'))).toEqual({
      page: 1,
      page_size: 20,
      search: 'puisto',
    });
    expect(queryParams('adminListRequests', fields(''))).toEqual({ page: 1, page_size: 50, sort: '-received' });
    expect(queryParams('adminListOutbox', fields(''))).toEqual({ page: 1, page_size: 50 });
    expect(queryParams('getMyRequests', fields(''))).toEqual({ page: 1, page_size: 100 });
    expect(queryParams('getServiceRequestUpdates', fields('page_size=5&per_page=7'))).toEqual({
      page: 1,
      page_size: 5,
    });
  });

  it('when a parameter is repeated, then the first non-empty value counts (GeoReport clients send one)', () => {
    expect(queryParams('getRequests', fields('page=&page=3&page=4')).page).toBe(3);
  });

  it.each([
    ['getRequests', 'page=0', 'page must be a whole number from 1 to 1000000'],
    ['getRequests', 'page_size=1.5', 'page_size must be a whole number from 1 to 1000'],
    ['getServiceRequestUpdates', 'per_page=1001', 'per_page must be a whole number from 1 to 1000'],
    ['adminListRequests', 'page_size=201', 'page_size must be a whole number from 1 to 200'],
    ['adminListOutbox', 'page_size=501', 'page_size must be a whole number from 1 to 500'],
    ['getRequests', 'lat=north', 'lat must be a decimal number from -90 to 90 (WGS84)'],
    ['getRequests', 'radius=0', 'radius must be a number of metres from 1 to 50000'],
    ['getSimilarRequests', 'service_code=a&lat=60&long=25&radius=5', 'radius must be a whole number from 10 to 2000'],
    ['getRequests', 'status=open,pending', 'status "pending" is not open or closed'],
    ['adminListRequests', 'visibility=public,secret', 'visibility "secret" is not one of pending, public, hidden'],
    ['adminListRequests', 'held=yes', 'held must be true or false'],
    ['adminListOutbox', 'state=lost', 'state must be one of pending, sent, failed'],
    ['getRequests', 'search=x', 'search must be 2 to 200 characters'],
    [
      'getRequests',
      'bbox=1,2,3',
      'bbox must be four numbers minLon,minLat,maxLon,maxLat, e.g. 25.08,60.39,25.12,60.41',
    ],
    ['getRequests', 'start_date=2026-05-02T10:00:00', 'start_date "2026-05-02T10:00:00" is not a W3C datetime'],
    ['adminListRequests', 'department_id=1,x', 'department_id must be a department id, a comma-separated list'],
    ['adminListRequests', 'locale=de', 'locale "de" is not fi, sv or en (optionally with a region)'],
    ['getSimilarRequests', 'lat=60&long=25', 'service_code is required'],
  ])('when %s is asked %s, then one 400 names the parameter: %s', (operationId, query, text) => {
    expect(refusal(operationId, query)).toEqual([expect.stringContaining(text)]);
  });

  it('when a text is longer than the document allows, then the 400 names it with the bound', () => {
    const query = `service_code=a&lat=60&long=25&description=${'x'.repeat(5001)}`;
    expect(refusal('getSimilarRequests', query)).toEqual(['description may be at most 5000 characters']);
  });

  it('when an operation refuses unknown parameters, then each is named; elsewhere they are ignored', () => {
    expect(refusal('adminListRequests', 'colour=red&size=&page=1')).toEqual([
      'unknown parameter "colour"',
      'unknown parameter "size"',
    ]);
    expect(refusal('adminListOutbox', 'colour=red')).toEqual(['unknown parameter "colour"']);
    expect(queryParams('getRequests', fields('colour=red&api_key=k'))).toEqual({ page: 1, page_size: 1000 });
  });

  it('when several parameters are wrong, then every one is named once in the same 400', () => {
    expect(refusal('adminListRequests', 'page=0&page_size=-1&held=maybe')).toEqual([
      'held must be true or false',
      'page must be a whole number from 1 to 1000000',
      'page_size must be a whole number from 1 to 200',
    ]);
  });

  it('when the document is read, then every paged list declares its page_size bounds and default there', () => {
    const paged = [...operationParameters().values()].filter((op) => op.parameters.some((p) => p.name === 'page_size'));
    expect(paged.map((op) => op.operationId).sort()).toEqual(
      [
        'adminListOutbox',
        'adminListRequests',
        'adminListWebhookDeliveries',
        'getMyRequests',
        'getRequests',
        'getRequestsGeoJson',
        'getServiceRequestUpdates',
      ].sort(),
    );
    for (const op of paged) {
      const size = op.parameters.find((p) => p.name === 'page_size');
      expect([op.operationId, size?.shape.maximum, size?.shape.default]).toEqual([
        op.operationId,
        expect.any(Number),
        expect.any(Number),
      ]);
    }
  });

  it('when a form body is checked, then its problems come back with the values for the domain to add its own', () => {
    const checked = bodyParams(
      'CreateServiceRequestBody',
      fields(`service_code=1&lat=60.4&long=east&email=${'a'.repeat(250)}@x.fi&publication_consent=No&title=t`),
    );
    expect(checked.params).toEqual(
      expect.objectContaining({ service_code: '1', lat: 60.4, long: 'east', publication_consent: 'No', title: 't' }),
    );
    expect(checked.problems).toEqual([
      'long must be a decimal number from -180 to 180 (WGS84)',
      'email is longer than 254 characters',
    ]);
    expect(bodyParams('CreateServiceRequestBody', fields('service_code=1&email=someone')).problems).toEqual([
      'email is not an e-mail address',
    ]);
    expect(bodyParams('CreateServiceRequestBody', fields('service_code=1')).params.publication_consent).toBe(true);
  });
});
