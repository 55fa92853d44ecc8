import { html, LitElement, type PropertyValues } from 'lit';
import { ApiFailure, call, urlOf, type Service, type ServiceDefinition } from '../api';
import { apiBaseOf, languageOf, serviceOriginOf } from '../env';
import { stringsFor, type Lang, type Strings } from '../i18n/strings';
import type { Point } from '../map/point-picker';
import { themeStyles } from '../styles';
import { loadWidgetConfig, type LocationRule, type WidgetConfig } from '../widget-config';
import { controlId } from './field';
import { FormMap } from './form-map';
import { formStyles } from './form-styles';
import { currentPoint } from './locate';
import { addPhotos, releasePhotos } from './photos';
import { errorsOf } from './server-errors';
import { SimilarSearch, type SimilarItem } from './similar';
import { submitFeedback, trackingUrlOf, type Created } from './submit';
import { checkDraft } from './validate';
import { feedbackForm, resultPanel, RESULT_ID, SUMMARY_ID, type Result } from './view-form';
import type { FieldError, FormView, Photo } from './view-model';

const state = { state: true };

/**
 * `<palaute-feedback>`: the feedback form, driven by the service's categories and their
 * definitions, sending everything in one GeoReport POST (docs/widget.md).
 */
export class PalauteFeedback extends LitElement implements FormView {
  static styles = [themeStyles, formStyles];
  static properties = {
    language: { attribute: 'lang' },
    apiKey: { attribute: 'api-key' },
    apiBase: { attribute: 'api-base' },
    jurisdictionId: { attribute: 'jurisdiction-id' },
    serviceCode: { attribute: 'service-code' },
    token: {},
    ...Object.fromEntries(
      ['phase', 'config', 'services', 'service', 'definition', 'point', 'mapState', 'locating']
        .concat(['photos', 'similar', 'errors', 'sending', 'result'])
        .map((name) => [name, state]),
    ),
  };

  language: string | null = null;
  apiKey = '';
  apiBase = '';
  jurisdictionId = '';
  /** A category to start with. */
  serviceCode = '';
  /** A signed-in resident's token (attribute or property), sent as `Authorization: Bearer`. */
  token = '';
  phase: 'loading' | 'failed' | 'ready' = 'loading';
  declare config: WidgetConfig;
  services: Service[] = [];
  service: Service | null = null;
  definition: ServiceDefinition | null = null;
  point: Point | null = null;
  mapState: 'loading' | 'ready' | 'failed' = 'loading';
  locating: 'idle' | 'busy' | 'failed' = 'idle';
  photos: Photo[] = [];
  similar: SimilarItem[] = [];
  errors: FieldError[] = [];
  sending = false;
  result: Result | null = null;
  latText = '';
  longText = '';
  private map = new FormMap(this);
  private similarSearch = new SimilarSearch((items) => (this.similar = items));

  get locale(): Lang {
    return languageOf(this, this.language);
  }
  get s(): Strings {
    return stringsFor(this.locale);
  }
  get locationRule(): LocationRule {
    return this.service ? (this.config.location_rules[this.service.service_code] ?? 'coords_or_address') : 'none';
  }
  private get place() {
    return { apiBase: this.apiBase, jurisdictionId: this.jurisdictionId || undefined };
  }
  private get common() {
    return { locale: this.locale, jurisdiction_id: this.place.jurisdictionId };
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (this.phase !== 'ready') void this.load();
    else if (this.hasUpdated) this.map.sync();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.map.detach();
    releasePhotos(this.photos);
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('language') && changed.get('language') !== undefined) void this.load();
  }

  protected updated(): void {
    this.map.sync();
  }

  /** Categories in the page's language and the deployment's settings; both are needed before the form shows. */
  async load(): Promise<void> {
    this.phase = 'loading';
    try {
      [this.config, this.services] = await Promise.all([
        loadWidgetConfig(this.place.jurisdictionId),
        call<Service[]>(urlOf(apiBaseOf(this.place), 'services.json', this.common)),
      ]);
      this.phase = 'ready';
      const preset = this.service?.service_code ?? this.serviceCode;
      if (preset) await this.chooseService(preset);
    } catch {
      this.phase = 'failed';
    }
  }

  /** Every error of a field, one after another (two refused photos are both named). */
  errorFor(key: string): string | undefined {
    const texts = this.errors.filter((e) => e.key === key).map((e) => e.text);
    return texts.length > 0 ? texts.join(' ') : undefined;
  }

  async chooseService(code: string): Promise<void> {
    const chosen = this.services.find((s) => s.service_code === code) ?? null;
    Object.assign(this, {
      service: chosen,
      definition: null,
      errors: this.errors.filter((e) => e.key !== 'service_code'),
    });
    this.searchSimilar();
    if (chosen === null || !chosen.metadata) return;
    try {
      const path = `services/${encodeURIComponent(code)}.json`;
      const definition = await call<ServiceDefinition>(urlOf(apiBaseOf(this.place), path, this.common));
      if (this.service === chosen) this.definition = definition;
    } catch (error) {
      this.errors = errorsOf(error instanceof ApiFailure ? error : new ApiFailure(0, []), [], this.s);
    }
  }

  /** The map, the coordinate inputs and "use my location" all end here. */
  setPoint(point: Point | null, pan = false): void {
    Object.assign(this, { point, latText: point ? String(point.lat) : '', longText: point ? String(point.long) : '' });
    this.errors = this.errors.filter((e) => e.key !== 'location');
    this.map.show(point, pan);
    this.searchSimilar();
  }

  setCoordinate(which: 'lat' | 'long', text: string): void {
    if (which === 'lat') this.latText = text.trim();
    else this.longText = text.trim();
    const [lat, long] = [Number(this.latText), Number(this.longText)];
    const valid = this.latText !== '' && this.longText !== '' && Math.abs(lat) <= 90 && Math.abs(long) <= 180;
    if (valid) this.setPoint({ lat, long }, true);
    else this.requestUpdate();
  }

  clearPoint(): void {
    this.setPoint(null);
  }

  locate(): void {
    this.locating = 'busy';
    currentPoint().then(
      (point) => {
        this.locating = 'idle';
        this.setPoint(point, true);
      },
      () => (this.locating = 'failed'),
    );
  }

  addPhotos(files: FileList | null): void {
    const { photos, errors } = addPhotos(this.photos, files, this.config.media, this.s, this.locale);
    this.photos = photos;
    this.errors = [...this.errors.filter((e) => e.key !== 'media'), ...errors];
  }

  removePhoto(id: number): void {
    releasePhotos(this.photos.filter((p) => p.id === id));
    this.photos = this.photos.filter((p) => p.id !== id);
  }

  focusField(key: string): void {
    if (key === 'location' && this.map.focus()) return;
    const id = controlId(key === 'location' ? 'address_string' : key);
    const target = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    (target?.matches('fieldset') ? target.querySelector<HTMLElement>('input') : target)?.focus();
  }

  private searchSimilar(): void {
    const { service, point, locale: lang } = this;
    if (service === null || point === null || this.locationRule === 'none') return this.similarSearch.schedule(null);
    const description =
      this.renderRoot?.querySelector<HTMLTextAreaElement>('textarea[name="description"]')?.value ?? '';
    const { jurisdictionId } = this.place;
    const apiBase = apiBaseOf(this.place);
    this.similarSearch.schedule({
      apiBase,
      serviceCode: service.service_code,
      point,
      description,
      lang,
      jurisdictionId,
    });
  }

  pageUrl = (id: string): string => `${serviceOriginOf(this.place)}/requests/${encodeURIComponent(id)}`;

  /** Errors beside their fields and in the summary, which takes focus. */
  private async showErrors(errors: FieldError[]): Promise<void> {
    this.errors = errors;
    this.dispatchEvent(new CustomEvent('palaute-error', { detail: { errors }, bubbles: true, composed: true }));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${SUMMARY_ID}`)?.focus();
  }

  private submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (this.sending) return;
    const form = event.target as HTMLFormElement;
    const attributes = this.definition?.attributes ?? [];
    const draft = { data: new FormData(form), attributes, locationRule: this.locationRule };
    const problems = checkDraft({ ...draft, descriptionMin: this.config.description.min_length }, this.s);
    if (problems.length > 0) return this.showErrors(problems);
    this.sending = true;
    try {
      const { apiKey, token, jurisdictionId } = this;
      const submission = { apiBase: apiBaseOf(this.place), form, attributes, photos: this.photos, lang: this.locale };
      await this.finish(
        await submitFeedback({ ...submission, apiKey, token, jurisdictionId: jurisdictionId || undefined }),
      );
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : new ApiFailure(0, []);
      await this.showErrors(
        errorsOf(
          failure,
          attributes.map((a) => a.code),
          this.s,
        ),
      );
    } finally {
      this.sending = false;
    }
  };

  /** The answer: the notice and the tracking link, focused; `palaute-submitted` for the page. */
  private async finish(created: Created): Promise<void> {
    const trackingUrl = trackingUrlOf(created, this.pageUrl);
    releasePhotos(this.photos);
    Object.assign(this, { result: { id: created.id, notice: created.notice, trackingUrl }, errors: [], photos: [] });
    const detail = { serviceRequestId: created.id, serviceNotice: created.notice, trackingUrl };
    this.dispatchEvent(new CustomEvent('palaute-submitted', { detail, bubbles: true, composed: true }));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${RESULT_ID}`)?.focus();
  }

  private again = (): void => {
    Object.assign(this, { result: null, service: null, definition: null });
    this.setPoint(null);
  };

  render() {
    if (this.phase === 'loading') return html`<p role="status">${this.s.loading}</p>`;
    if (this.phase === 'failed') {
      return html`<p role="alert">${this.s.loadFailed}</p>
        <button type="button" class="button" @click=${() => this.load()}>${this.s.retry}</button>`;
    }
    if (this.result) return resultPanel(this, this.result, this.again);
    return feedbackForm(this, { submit: this.submit, pageUrl: this.pageUrl });
  }
}
