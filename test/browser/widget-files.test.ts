import { loadConfig } from '../../src/config';
import { createTestContext, type TestContext } from '../support/context';
import { seedCatalogue } from '../support/catalogue';
import { expectValidResponse } from '../support/openapi';

/**
 * The widget as the service serves it (docs/widget.md): the stable loader, the content-hashed
 * modules and config.json, with their caching and CORS headers. No browser needed.
 */
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({
    MAP_TILE_URL: 'https://tiles.example.fi/{z}/{x}/{y}.png',
    MAP_CENTER: '60.47,25.1',
    MEDIA_MAX_FILES: '3',
  });
  await seedCatalogue(t.db.pool);
}, 60000);

afterAll(() => t?.close());

async function loader() {
  const response = await t.api.get('/widget/palaute.js').set('Origin', 'https://www.kerava.fi');
  const entry = /from '\.\/(palaute-[A-Z0-9]+\.js)'/.exec(response.text)?.[1];
  if (entry === undefined) throw new Error(`the loader imports no entry: ${response.text}`);
  return { response, entry };
}

describe('GET /widget/palaute.js', () => {
  it('when a city page loads the loader, then it is a small module, revalidated every time, open to any origin', async () => {
    const { response } = await loader();
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(response.text.length).toBeLessThan(300);
  });

  it('when the browser asks again with its ETag, then the answer is 304 without a body', async () => {
    const { response } = await loader();
    const again = await t.api.get('/widget/palaute.js').set('If-None-Match', response.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
  });
});

describe('GET /widget/{file}', () => {
  it('when the hashed entry is fetched, then it may be cached for a year and defines the three elements', async () => {
    const { entry } = await loader();
    const response = await t.api.get(`/widget/${entry}`);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    for (const name of ['palaute-feedback', 'palaute-map', 'palaute-location']) expect(response.text).toContain(name);
    // Leaflet is not in the entry: it comes in its own chunk, imported on demand.
    expect(response.text).not.toMatch(/leaflet-pane/);
    const chunk = /import\("\.\/(map-kit-[A-Z0-9]+\.js)"\)/.exec(response.text)?.[1];
    expect(chunk).toBeDefined();
    const map = await t.api.get(`/widget/${chunk}`);
    expect(map.status).toBe(200);
    expect(map.text).toMatch(/leaflet-pane/);
    expect(map.text).not.toMatch(/\beval\(|new Function\(/);
  });

  it('when an unknown or older file is asked for, then it is a GeoReport 404 naming it', async () => {
    const response = await t.api.get('/widget/palaute-OLD00000.js');
    expect(response.status).toBe(404);
    expect(response.body).toEqual([{ code: 404, description: 'no such widget file: palaute-OLD00000.js' }]);
    expectValidResponse('getWidgetFile', 404, 'json', response.body);
  });
});

describe('GET /widget/config.json', () => {
  it('when the widget starts, then it learns the tiles, the first view, the photo limits and each location rule', async () => {
    const response = await t.api.get('/widget/config.json').set('Origin', 'https://www.kerava.fi');
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cache-control']).toBe('no-cache');
    expectValidResponse('getWidgetConfig', 200, 'json', response.body);
    expect(response.body).toMatchObject({
      version: '0.1.0',
      jurisdiction_id: 'test.fi',
      map: { tile_url: 'https://tiles.example.fi/{z}/{x}/{y}.png', lat: 60.47, long: 25.1, zoom: 13, max_zoom: 19 },
      media: { max_files: 3, max_bytes: 10485760, types: ['image/jpeg', 'image/png', 'image/webp'] },
      description: { min_length: 10, max_length: 5000 },
    });
    expect(response.body.map.attribution).toContain('https://www.openstreetmap.org/copyright');
    // Active categories only, each with its rule; the inactive 105 is not there.
    expect(response.body.location_rules).toEqual({
      '101': 'coords_or_address',
      '102': 'coords_or_address',
      '900': 'none',
      '103': 'coords_or_address',
      '104': 'coords_or_address',
      '200': 'none',
      '106': 'coords',
    });
  });

  it('when config.json is asked for an unknown municipality, then it is a GeoReport 404', async () => {
    const response = await t.api.get('/widget/config.json?jurisdiction_id=nowhere.fi');
    expect(response.status).toBe(404);
    expectValidResponse('getWidgetConfig', 404, 'json', response.body);
  });
});

describe('map settings', () => {
  it('when nothing is set, then the map shows OpenStreetMap around Kerava', () => {
    expect(loadConfig({}).map).toEqual({
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
      lat: 60.403,
      long: 25.105,
      zoom: 13,
      maxZoom: 19,
    });
  });

  it('when a tile URL lacks its placeholders or the centre is no point, then the start names both', () => {
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example.fi/tile.png', MAP_CENTER: '60.4' })).toThrow(
      /MAP_TILE_URL must contain \{z\}, \{x\} and \{y\}[\s\S]*MAP_CENTER must be "lat,long"/,
    );
    expect(() => loadConfig({ MAP_TILE_URL: 'ftp://tiles/{z}/{x}/{y}' })).toThrow(
      /MAP_TILE_URL must be a http: or https: URL/,
    );
    expect(() => loadConfig({ MAP_ZOOM: '30' })).toThrow(/MAP_ZOOM must be a whole number from 1 to 22/);
  });
});
