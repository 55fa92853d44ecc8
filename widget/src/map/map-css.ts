/**
 * Styles of the widget's own map parts: pins, the keyboard cross, clusters, popups. Plain text: it
 * joins Leaflet's sheet. Clusters are in the primary colour, never in a status colour (the
 * plugin's green and orange would read as closed and open).
 */
export const MAP_CSS = `
.leaflet-container { font: inherit; font-size: 0.875rem; background: #e8e8e3; }
.leaflet-container a { color: var(--_primary, #0057a3); }
.leaflet-container:focus-visible { outline: 3px solid var(--_focus, #ffbf47); outline-offset: -3px; }
.leaflet-control-attribution { font-size: 0.75rem; color: #333; }
.leaflet-control-zoom a { width: 36px; height: 36px; line-height: 36px; color: #1b1b1b; }
.palaute-pin { border-radius: 50%; border: 3px solid #fff; box-shadow: 0 0 0 2px #1b1b1b; }
.palaute-pin--chosen { background: var(--_primary, #0057a3); }
.palaute-pin--open { background: var(--_open, #b54700); }
.palaute-pin--closed { background: #fff; border: 4px solid var(--_closed, #2f6f3e); }
.palaute-pin:focus-visible { outline: 3px solid var(--_focus, #ffbf47); box-shadow: 0 0 0 6px #1b1b1b; }
.palaute-cross { display: none; position: absolute; z-index: 700; left: 50%; top: 50%; width: 28px; height: 28px;
  margin: -14px 0 0 -14px; pointer-events: none; }
.palaute-cross::before, .palaute-cross::after { content: ''; position: absolute; background: #1b1b1b;
  box-shadow: 0 0 0 1px #fff; }
.palaute-cross::before { left: 13px; top: 0; width: 2px; height: 28px; }
.palaute-cross::after { top: 13px; left: 0; height: 2px; width: 28px; }
.leaflet-container:focus-visible .palaute-cross { display: block; }
.marker-cluster span { font-weight: 700; color: #1b1b1b; }
.marker-cluster-small, .marker-cluster-medium, .marker-cluster-large { background-color: rgba(0, 87, 163, 0.25); }
.marker-cluster-small div, .marker-cluster-medium div, .marker-cluster-large div { background-color: #fff;
  box-shadow: inset 0 0 0 2px var(--_primary, #0057a3); }
.leaflet-popup-content { margin: 12px 16px; font-size: 0.875rem; line-height: 1.45; min-width: 12rem; }
.leaflet-popup-content p { margin: 0.3em 0; }
.palaute-popup .title { font-weight: 700; font-size: 1rem; }
.palaute-popup .answer { margin-top: 0.5em; padding: 0.4em 0.6em; border-left: 3px solid var(--_primary, #0057a3);
  background: #f3f5f7; }
.palaute-popup .photos { display: flex; flex-wrap: wrap; gap: 4px; margin: 0.4em 0; }
.palaute-popup .photos img { width: 72px; height: 72px; object-fit: cover; border-radius: 3px; }
.leaflet-container a.leaflet-popup-close-button { width: 28px; height: 28px; font-size: 22px; line-height: 26px; color: #1b1b1b; }
`;
