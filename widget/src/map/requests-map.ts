import type { Map as LeafletMap, Marker, MarkerClusterGroup } from 'leaflet';
import type { PublicRequest } from '../api';
import { L } from './leaflet-global';
import { baseMap, bboxOf, type MapOptions } from './base-map';
import { popupContent } from './popup-content';

export type RequestFeature = {
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: PublicRequest;
};

export type RequestsMap = {
  show(features: RequestFeature[]): void;
  bbox(): string;
  destroy(): void;
};

/** Leaflet.markercluster's look (its CSS styles a div holding a span), the count said in words too. */
function clusterIcon(count: number, itemsWord: string) {
  const disc = document.createElement('div');
  const label = document.createElement('span');
  label.textContent = String(count);
  const words = document.createElement('span');
  words.className = 'vh';
  words.textContent = ` ${itemsWord}`;
  label.append(words);
  disc.append(label);
  const size = count < 10 ? 'small' : count < 100 ? 'medium' : 'large';
  return L.divIcon({ html: disc, className: `marker-cluster marker-cluster-${size}`, iconSize: L.point(40, 40) });
}

/**
 * `<palaute-map>`'s map: public requests as pins (filled for open, a ring for closed), clustered
 * when they crowd; each pin is a focusable button whose Enter opens its popup. `onView` hears
 * every move, so the element can fetch the visible area.
 */
export function createRequestsMap(
  container: HTMLElement,
  options: MapOptions & { onView(bbox: string): void; pageUrl(id: string): string },
): RequestsMap {
  const map: LeafletMap = baseMap(container, options);
  const { strings } = options;
  const clusters: MarkerClusterGroup = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 48,
    disableClusteringAtZoom: 18,
    iconCreateFunction: (cluster) => clusterIcon(cluster.getChildCount(), strings.items),
  }).addTo(map);
  map.on('moveend', () => options.onView(bboxOf(map)));
  // Leaflet names its close button in English only.
  map.on('popupopen', (event) => {
    const close = event.popup.getElement()?.querySelector('.leaflet-popup-close-button');
    close?.setAttribute('aria-label', strings.closePopup);
  });

  // The pins on the map by request id, with what they were drawn from. A new answer for the
  // visible area only swaps the pins that changed: the others, and an open popup with them, stay
  // (opening a popup may pan the map, and that pan fetches the area again).
  const shown = new Map<string, { marker: Marker; drawn: string }>();
  const pinOf = (request: PublicRequest, lat: number, long: number): Marker => {
    const status = request.status === 'open' ? strings.statusOpen : strings.statusClosed;
    return L.marker([lat, long], {
      icon: L.divIcon({ className: `palaute-pin palaute-pin--${request.status}`, iconSize: [22, 22] }),
      title: `${request.service_name}: ${status}`,
      keyboard: true,
    }).bindPopup(() => popupContent(request, strings, options.pageUrl(request.service_request_id)), {
      maxWidth: 300,
      closeButton: true,
    });
  };

  return {
    show(features) {
      const next = new Map(features.filter((f) => f.geometry !== null).map((f) => [f.id, f]));
      const drawnOf = (f: RequestFeature): string => JSON.stringify([f.geometry, f.properties]);
      const gone: Marker[] = [];
      for (const [id, pin] of shown) {
        const feature = next.get(id);
        if (feature === undefined || drawnOf(feature) !== pin.drawn) {
          gone.push(pin.marker);
          shown.delete(id);
        }
      }
      clusters.removeLayers(gone);
      const added: Marker[] = [];
      for (const [id, feature] of next) {
        if (shown.has(id)) continue;
        const [long, lat] = (feature.geometry as NonNullable<RequestFeature['geometry']>).coordinates;
        const marker = pinOf(feature.properties, lat, long);
        shown.set(id, { marker, drawn: drawnOf(feature) });
        added.push(marker);
      }
      clusters.addLayers(added);
    },
    bbox: () => bboxOf(map),
    destroy() {
      map.remove();
    },
  };
}
