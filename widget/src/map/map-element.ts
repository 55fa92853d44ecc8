import { html, LitElement, nothing } from 'lit';
import { callWithHeaders, call, urlOf, type Service } from '../api';
import { apiBaseOf, languageOf, serviceOriginOf } from '../env';
import { fill, stringsFor, type Lang, type Strings } from '../i18n/strings';
import { themeStyles } from '../styles';
import { loadWidgetConfig, type WidgetConfig } from '../widget-config';
import { loadMapKit } from './load-map-kit';
import type { RequestFeature, RequestsMap } from './requests-map';
import { requestList, mapElementStyles } from './map-view';

/** Pins fetched for one view at most; the count tells when there are more. */
const PAGE_SIZE = 500;
const DEBOUNCE_MS = 300;

/**
 * `<palaute-map>`: the public requests of the visible area (`requests.geojson?bbox=…`, fetched
 * again after each move), clustered, with filters by category and open/closed, a legend in
 * words and a list of the same requests for those who do not use the map (docs/widget.md).
 */
export class PalauteMap extends LitElement {
  static styles = [themeStyles, mapElementStyles];
  static properties = {
    language: { attribute: 'lang' },
    apiBase: { attribute: 'api-base' },
    jurisdictionId: { attribute: 'jurisdiction-id' },
    serviceCode: { attribute: 'service-code' },
    status: {},
    lat: {},
    long: {},
    zoom: {},
    config: { state: true },
    services: { state: true },
    features: { state: true },
    total: { state: true },
    state: { state: true },
  };

  declare language: string | null;
  declare apiBase: string;
  declare jurisdictionId: string;
  /** Category filter: one service code, or empty for all. */
  declare serviceCode: string;
  /** `open`, `closed` or empty for both. */
  declare status: string;
  /** First view instead of the configured one (MAP_CENTER, MAP_ZOOM). */
  declare lat: string | null;
  declare long: string | null;
  declare zoom: string | null;
  declare config: WidgetConfig | null;
  declare services: Service[];
  declare features: RequestFeature[];
  declare total: number;
  declare state: 'loading' | 'ready' | 'failed' | 'no-map';
  private map: RequestsMap | null = null;
  private timer = 0;
  private asked = 0;

  constructor() {
    super();
    Object.assign(this, { language: null, apiBase: '', jurisdictionId: '', serviceCode: '', status: '' });
    Object.assign(this, { lat: null, long: null, zoom: null });
    Object.assign(this, { config: null, services: [], features: [], total: 0, state: 'loading' });
  }

  get locale(): Lang {
    return languageOf(this, this.language);
  }
  get s(): Strings {
    return stringsFor(this.locale);
  }
  private get place() {
    return { apiBase: this.apiBase, jurisdictionId: this.jurisdictionId || undefined };
  }

  connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.map?.destroy();
    this.map = null;
  }

  private async start(): Promise<void> {
    try {
      const common = { locale: this.locale, jurisdiction_id: this.place.jurisdictionId };
      [this.config, this.services] = await Promise.all([
        loadWidgetConfig(this.place.jurisdictionId),
        call<Service[]>(urlOf(apiBaseOf(this.place), 'services.json', common)),
      ]);
      await this.updateComplete;
      const kit = await loadMapKit().catch(() => null);
      const container = this.renderRoot.querySelector<HTMLElement>('.map');
      if (kit === null || container === null || !this.isConnected) {
        // Without the map the list still shows the newest public requests.
        this.state = 'no-map';
        this.schedule(0);
        return;
      }
      const root = this.shadowRoot as ShadowRoot;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, kit.mapSheet()];
      this.map = kit.createRequestsMap(container, {
        config: this.config,
        strings: this.s,
        label: this.s.requestsMapLabel,
        describedBy: 'm-keys',
        view: this.view(this.config),
        onView: () => this.schedule(),
        pageUrl: (id) => `${serviceOriginOf(this.place)}/requests/${encodeURIComponent(id)}`,
      });
      this.schedule(0);
    } catch {
      this.state = 'failed';
    }
  }

  private view(config: WidgetConfig) {
    const [lat, long, zoom] = [this.lat, this.long, this.zoom].map((v) =>
      v === null || v.trim() === '' ? NaN : Number(v),
    );
    if (!(Math.abs(lat) <= 90) || !(Math.abs(long) <= 180)) return undefined;
    return { lat, long, zoom: zoom >= 1 && zoom <= config.map.max_zoom ? zoom : config.map.zoom };
  }

  /** Moves come in bursts: fetch once they settle. */
  private schedule(delay = DEBOUNCE_MS): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.fetchView(), delay);
  }

  private async fetchView(): Promise<void> {
    const ask = ++this.asked;
    try {
      const { body, headers } = await callWithHeaders<{ features: RequestFeature[] }>(
        urlOf(apiBaseOf(this.place), 'requests.geojson', {
          bbox: this.map?.bbox(),
          status: this.status === 'open' || this.status === 'closed' ? this.status : undefined,
          service_code: this.serviceCode || undefined,
          locale: this.locale,
          jurisdiction_id: this.place.jurisdictionId,
          extensions: 'true',
          page_size: PAGE_SIZE,
        }),
      );
      if (ask !== this.asked) return;
      this.features = body.features;
      this.total = Number(headers.get('X-Result-Count') ?? body.features.length);
      this.map?.show(body.features);
      this.state = 'ready';
    } catch {
      if (ask === this.asked) this.state = 'failed';
    }
  }

  private filter(change: { serviceCode?: string; status?: string }): void {
    Object.assign(this, change);
    this.schedule(0);
  }

  private statusChecked(which: 'open' | 'closed'): boolean {
    return this.status === '' || this.status === which;
  }

  private toggleStatus(which: 'open' | 'closed', on: boolean): void {
    const next = { open: this.statusChecked('open'), closed: this.statusChecked('closed'), [which]: on };
    // Both or neither ticked shows both: an empty map is never what a filter means.
    this.filter({ status: next.open === next.closed ? '' : next.open ? 'open' : 'closed' });
    this.requestUpdate();
  }

  render() {
    const { s } = this;
    return html`<div class="filters" role="group" aria-label=${s.filtersLegend}>
        <label for="m-category">${s.categoryLegend}</label>
        <select
          id="m-category"
          @change=${(e: Event) => this.filter({ serviceCode: (e.target as HTMLSelectElement).value })}
        >
          <option value="">${s.allCategories}</option>
          ${this.services.map(
            (service) =>
              html`<option value=${service.service_code} ?selected=${service.service_code === this.serviceCode}>
                ${service.service_name}
              </option>`,
          )}
        </select>
        ${(['open', 'closed'] as const).map(
          (which) =>
            html`<span class="toggle">
              <input
                type="checkbox"
                id=${`m-${which}`}
                .checked=${this.statusChecked(which)}
                @change=${(e: Event) => this.toggleStatus(which, (e.target as HTMLInputElement).checked)}
              />
              <label for=${`m-${which}`} class=${`status-${which}`}
                >${which === 'open' ? s.statusOpen : s.statusClosed}</label
              >
            </span>`,
        )}
      </div>
      <p class="hint" id="m-keys">${s.requestsMapKeys}</p>
      ${this.state === 'no-map' ? nothing : html`<div class="map"></div>`}
      <p class="legend">
        <span>${s.legend}:</span> <span class="status-open">${s.statusOpen}</span>
        <span class="status-closed">${s.statusClosed}</span>
        <span><span class="cluster-sample" aria-hidden="true">3</span> ${s.legendCluster}</span>
      </p>
      <p class="count" role="status">${this.countText()}</p>
      ${requestList(this.features, s, (id) => `${serviceOriginOf(this.place)}/requests/${encodeURIComponent(id)}`)}`;
  }

  private countText(): string {
    const { s } = this;
    if (this.state === 'loading') return s.loading;
    if (this.state === 'failed') return s.requestsFailed;
    if (this.total > this.features.length) return fill(s.requestsMore, { count: this.features.length });
    return this.total === 0 ? s.noRequests : fill(s.requestsCount, { count: this.total });
  }
}
