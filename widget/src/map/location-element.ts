import { css, html, LitElement, nothing } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { languageOf } from '../env';
import { fill, stringsFor } from '../i18n/strings';
import { themeStyles } from '../styles';
import { loadWidgetConfig, type WidgetConfig } from '../widget-config';
import { loadMapKit } from './load-map-kit';

const number = (value: string | null): number | null =>
  value !== null && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : null;

/**
 * `<palaute-location lat="…" long="…">`: one point on a small still map, for a request page
 * (docs/widget.md). The place is said in text (`label`, else the coordinates); the map itself is
 * decoration for sighted readers, and the text stays when the map cannot load.
 */
export class PalauteLocation extends LitElement {
  static styles = [
    themeStyles,
    css`
      .map {
        height: var(--palaute-location-height, 12rem);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      figure {
        margin: 0;
      }
      figcaption,
      .attribution {
        margin: 0.25em 0 0;
      }
      .attribution {
        font-size: 0.75rem;
        color: var(--_muted);
      }
    `,
  ];
  static properties = {
    language: { attribute: 'lang' },
    lat: {},
    long: {},
    zoom: {},
    label: {},
    jurisdictionId: { attribute: 'jurisdiction-id' },
    config: { state: true },
    failed: { state: true },
  };

  declare language: string | null;
  declare lat: string | null;
  declare long: string | null;
  /** Zoom level, default 16. */
  declare zoom: string | null;
  /** The place in words (an address); default: the coordinates. */
  declare label: string | null;
  declare jurisdictionId: string | null;
  declare config: WidgetConfig | null;
  declare failed: boolean;
  private map: { destroy(): void } | null = null;
  private drawn = '';

  constructor() {
    super();
    Object.assign(this, { language: null, lat: null, long: null, zoom: null, label: null, jurisdictionId: null });
    Object.assign(this, { config: null, failed: false });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.map?.destroy();
    this.map = null;
    this.drawn = '';
  }

  protected updated(): void {
    const wanted = `${this.lat},${this.long},${this.zoom}`;
    if (wanted === this.drawn) return;
    this.drawn = wanted;
    void this.draw();
  }

  private async draw(): Promise<void> {
    const lat = number(this.lat);
    const long = number(this.long);
    const container = this.renderRoot.querySelector<HTMLElement>('.map');
    if (lat === null || long === null || container === null || this.failed) return;
    try {
      const [config, kit] = await Promise.all([loadWidgetConfig(this.jurisdictionId ?? undefined), loadMapKit()]);
      this.config = config;
      const root = this.shadowRoot as ShadowRoot;
      if (!root.adoptedStyleSheets.includes(kit.mapSheet()))
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, kit.mapSheet()];
      this.map?.destroy();
      const zoom = number(this.zoom) ?? 16;
      const strings = stringsFor(languageOf(this, this.language));
      this.map = kit.createLocationMap(container, { config, strings, view: { lat, long, zoom }, point: { lat, long } });
    } catch {
      this.failed = true;
    }
  }

  render() {
    const lat = number(this.lat);
    const long = number(this.long);
    if (lat === null || long === null) return nothing;
    const s = stringsFor(languageOf(this, this.language));
    const caption = this.label || fill(s.locationMapLabel, { lat, long });
    return html`<figure>
      ${this.failed ? nothing : html`<div class="map"></div>`}
      <figcaption>${caption}</figcaption>
      ${
        this.config && !this.failed
          ? html`<p class="attribution">${unsafeHTML(this.config.map.attribution)}</p>`
          : nothing
      }
    </figure>`;
  }
}
