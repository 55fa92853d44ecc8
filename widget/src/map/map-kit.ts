import leafletCss from 'leaflet/dist/leaflet.css';
import clusterCss from 'leaflet.markercluster/dist/MarkerCluster.css';
import clusterDefaultCss from 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import './leaflet-global';
import 'leaflet.markercluster';
import { MAP_CSS } from './map-css';

export { createPointPicker } from './point-picker';
export { createRequestsMap } from './requests-map';
export { createLocationMap } from './location-map';

let sheet: CSSStyleSheet | undefined;

/**
 * Leaflet's and the cluster plugin's CSS with ours, as one constructed sheet that every map's
 * shadow root adopts (no <style> element, so no CSP `style-src` exception). Image URLs in
 * Leaflet's CSS (default marker, layer switcher) are dropped: the widget uses neither, and they
 * would resolve against the host page.
 */
export function mapSheet(): CSSStyleSheet {
  if (sheet === undefined) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync([leafletCss, clusterCss, clusterDefaultCss, MAP_CSS].join('\n').replace(/url\([^)]*\)/g, 'none'));
  }
  return sheet;
}
