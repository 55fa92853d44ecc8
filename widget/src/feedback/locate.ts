import type { Point } from '../map/point-picker';

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** "Use my location": the device's position, or a rejection when it has none or the resident says no. */
export function currentPoint(): Promise<Point> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) return reject(new Error('no geolocation'));
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: round(position.coords.latitude), long: round(position.coords.longitude) }),
      reject,
      { enableHighAccuracy: true, timeout: 15000 },
    );
  });
}
