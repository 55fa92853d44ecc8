import { L } from './leaflet-global';
import { baseMap, type MapOptions } from './base-map';

/**
 * `<palaute-location>`'s map: one pin on a still map (no dragging, zooming or keyboard stops), for
 * a request page. The element names the place in text beside it, so the map itself is hidden
 * from assistive technology.
 */
export function createLocationMap(
  container: HTMLElement,
  options: MapOptions & { point: { lat: number; long: number } },
): { destroy(): void } {
  const map = baseMap(container, { ...options, interactive: false });
  container.setAttribute('aria-hidden', 'true');
  L.marker([options.point.lat, options.point.long], {
    icon: L.divIcon({ className: 'palaute-pin palaute-pin--chosen', iconSize: [24, 24] }),
    interactive: false,
    keyboard: false,
  }).addTo(map);
  return { destroy: () => map.remove() };
}
