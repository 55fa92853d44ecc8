import type { Map as LeafletMap, TileLayer, TileLayerOptions } from 'leaflet';
import { L } from './leaflet-global';
import type { WidgetConfig } from '../widget-config';
import type { Strings } from '../i18n/strings';

type TileInternals = {
  _tiles: Record<string, { el: HTMLImageElement; coords: { z: number } }>;
  _tileZoom: number;
  fire(type: string, data: unknown): void;
};

const forget = (img: HTMLImageElement): void => {
  img.onload = null;
  img.onerror = null;
  img.removeAttribute('src');
};

/**
 * Leaflet cancels a tile that is no longer needed by pointing it at a `data:` GIF, which a
 * strict CSP (`img-src` without `data:`) refuses and reports; dropping the `src` cancels it
 * as well, and keeps the host page's CSP reports clean.
 */
const QuietTileLayer = L.TileLayer.extend({
  _removeTile(this: TileInternals, key: string) {
    const tile = this._tiles[key];
    if (!tile) return;
    forget(tile.el);
    (L.GridLayer.prototype as unknown as { _removeTile(key: string): void })._removeTile.call(this, key);
  },
  _abortLoading(this: TileInternals) {
    for (const [key, tile] of Object.entries(this._tiles)) {
      if (tile.coords.z === this._tileZoom) continue;
      const complete = tile.el.complete;
      tile.el.onload = null;
      tile.el.onerror = null;
      if (complete) continue;
      forget(tile.el);
      tile.el.remove();
      delete this._tiles[key];
      this.fire('tileabort', { tile: tile.el, coords: tile.coords });
    }
  },
}) as unknown as new (url: string, options: TileLayerOptions) => TileLayer;

export type MapOptions = {
  config: WidgetConfig;
  strings: Strings;
  /** Accessible name, and the id of the text that tells how to use it (keyboard); none for a static map. */
  label?: string;
  describedBy?: string;
  /** Start here instead of the configured centre. */
  view?: { lat: number; long: number; zoom: number };
  interactive?: boolean;
};

/**
 * A Leaflet map on `container` with the configured tiles and attribution, zoom buttons in the
 * page's language, and keyboard panning (Leaflet's own: arrows and +/−) when interactive.
 */
export function baseMap(container: HTMLElement, options: MapOptions): LeafletMap {
  const { config, strings } = options;
  const interactive = options.interactive ?? true;
  const view = options.view ?? { lat: config.map.lat, long: config.map.long, zoom: config.map.zoom };
  const map = L.map(container, {
    center: [view.lat, view.long],
    zoom: view.zoom,
    maxZoom: config.map.max_zoom,
    zoomControl: false,
    attributionControl: interactive,
    dragging: interactive,
    keyboard: interactive,
    scrollWheelZoom: false,
    doubleClickZoom: interactive,
    boxZoom: interactive,
    touchZoom: interactive,
  });
  new QuietTileLayer(config.map.tile_url, { attribution: config.map.attribution, maxZoom: config.map.max_zoom }).addTo(
    map,
  );
  if (interactive) {
    L.control.zoom({ zoomInTitle: strings.zoomIn, zoomOutTitle: strings.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    container.setAttribute('role', 'application');
    if (options.label) container.setAttribute('aria-label', options.label);
    if (options.describedBy) container.setAttribute('aria-describedby', options.describedBy);
  }
  // Leaflet measures its container once; the element may be laid out (or resized) later.
  const resized = new ResizeObserver(() => map.invalidateSize());
  resized.observe(container);
  map.on('unload', () => resized.disconnect());
  return map;
}

/** The `minLong,minLat,maxLong,maxLat` of GeoReport's `bbox`, rounded to about a metre. */
export function bboxOf(map: LeafletMap): string {
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => n.toFixed(5)).join(',');
}
