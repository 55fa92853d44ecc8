import type { LatLng, Marker } from 'leaflet';
import { L } from './leaflet-global';
import { baseMap, type MapOptions } from './base-map';

export type Point = { lat: number; long: number };

export type PointPicker = {
  /** Shows `point` (null removes the pin); `pan` also brings it into view. */
  show(point: Point | null, pan?: boolean): void;
  destroy(): void;
};

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * The form's map: a click, a drag of the pin, or Enter/Space on the focused map (at the cross in
 * the middle, shown while the map has keyboard focus) chooses the point (docs/widget.md,
 * "Keyboard").
 */
export function createPointPicker(
  container: HTMLElement,
  options: MapOptions & { onPoint(point: Point): void },
): PointPicker {
  const map = baseMap(container, options);
  const cross = document.createElement('div');
  cross.className = 'palaute-cross';
  container.append(cross);
  let pin: Marker | null = null;

  const choose = (at: LatLng) => options.onPoint({ lat: round(at.lat), long: round(at.lng) });
  map.on('click', (event) => choose(event.latlng));
  container.addEventListener('keydown', (event) => {
    if (event.target !== container || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    choose(map.getCenter());
  });

  return {
    show(point, pan = false) {
      if (point === null) {
        pin?.remove();
        pin = null;
        return;
      }
      const at = L.latLng(point.lat, point.long);
      if (pin === null) {
        pin = L.marker(at, {
          icon: L.divIcon({ className: 'palaute-pin palaute-pin--chosen', iconSize: [26, 26] }),
          draggable: true,
          keyboard: false,
        }).addTo(map);
        pin.on('dragend', () => pin && choose(pin.getLatLng()));
      } else pin.setLatLng(at);
      if (pan) map.setView(at, Math.max(map.getZoom(), 16));
    },
    destroy() {
      map.remove();
    },
  };
}
