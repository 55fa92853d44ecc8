import * as leaflet from 'leaflet';

/**
 * A mutable copy of Leaflet's namespace. Leaflet.markercluster is a script that extends a global
 * `L`; the build (scripts/build-widget.ts) hands it this object instead, so the widget adds
 * nothing to the host page's window and never meets a Leaflet of the page's own.
 */
export const L: typeof leaflet = { ...leaflet };
