import type { Strings } from '../i18n/strings';
import { loadMapKit } from '../map/load-map-kit';
import type { Point, PointPicker } from '../map/point-picker';
import type { WidgetConfig } from '../widget-config';
import { MAP_ID, MAP_KEYS_ID } from './view-location';

/** What the form's map needs from its element. */
export type MapHost = {
  renderRoot: HTMLElement | DocumentFragment;
  shadowRoot: ShadowRoot | null;
  config: WidgetConfig;
  s: Strings;
  point: Point | null;
  mapState: 'loading' | 'ready' | 'failed';
  setPoint(point: Point | null, pan?: boolean): void;
};

/**
 * Keeps a point picker on the form's map container while the chosen category shows one. The
 * Leaflet chunk loads on first need; if it fails the form goes on without a map (address and
 * coordinates).
 */
export class FormMap {
  private container: HTMLElement | null = null;
  private picker: PointPicker | null = null;

  constructor(private host: MapHost) {}

  /** After each render: attach to a new container, or let go of one that is gone. */
  sync(): void {
    const container = this.host.renderRoot.querySelector<HTMLElement>(`#${MAP_ID}`);
    if (container === this.container) return;
    this.detach();
    this.container = container;
    if (container !== null) void this.attach(container);
  }

  private async attach(container: HTMLElement): Promise<void> {
    try {
      const kit = await loadMapKit();
      if (this.container !== container) return;
      const root = this.host.shadowRoot;
      if (root && !root.adoptedStyleSheets.includes(kit.mapSheet())) {
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, kit.mapSheet()];
      }
      this.picker = kit.createPointPicker(container, {
        config: this.host.config,
        strings: this.host.s,
        label: this.host.s.mapLabel,
        describedBy: MAP_KEYS_ID,
        onPoint: (point) => this.host.setPoint(point),
      });
      this.picker.show(this.host.point, this.host.point !== null);
      this.host.mapState = 'ready';
    } catch {
      this.host.mapState = 'failed';
    }
  }

  show(point: Point | null, pan: boolean): void {
    this.picker?.show(point, pan);
  }

  /** Puts keyboard focus on the map, when there is one. */
  focus(): boolean {
    if (this.picker === null || this.container === null) return false;
    this.container.focus();
    return true;
  }

  detach(): void {
    this.picker?.destroy();
    this.picker = null;
    this.container = null;
  }
}
