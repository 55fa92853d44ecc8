/** The Leaflet half of the widget, in its own chunk: the form works without it (docs/widget.md). */
export type MapKit = typeof import('./map-kit');

let kit: Promise<MapKit> | undefined;

/** Loads the map chunk once; a failure is forgotten so a later element may try again. */
export function loadMapKit(): Promise<MapKit> {
  kit ??= import('./map-kit').catch((error: unknown) => {
    kit = undefined;
    throw error;
  });
  return kit;
}
