import type { Attribute, Service, ServiceDefinition } from '../api';
import type { Lang, Strings } from '../i18n/strings';
import type { LocationRule, WidgetConfig } from '../widget-config';
import type { Point } from '../map/point-picker';
import type { SimilarItem } from './similar';

/** A photo waiting to be sent, with its preview. */
export type Photo = { id: number; file: File; url: string };

/** Where an error is shown: a GeoReport field name (`attribute[CODE]` for answers), or the summary only. */
export type FieldKey = string;
export type FieldError = { key: FieldKey | null; text: string };

/** What the templates read and call: the element's state and handlers, and nothing else. */
export type FormView = {
  locale: Lang;
  s: Strings;
  config: WidgetConfig;
  services: Service[];
  service: Service | null;
  definition: ServiceDefinition | null;
  locationRule: LocationRule;
  point: Point | null;
  latText: string;
  longText: string;
  mapState: 'loading' | 'ready' | 'failed';
  locating: 'idle' | 'busy' | 'failed';
  photos: Photo[];
  similar: SimilarItem[];
  errors: FieldError[];
  sending: boolean;
  errorFor(key: FieldKey): string | undefined;
  focusField(key: FieldKey): void;
  chooseService(code: string): void;
  setCoordinate(which: 'lat' | 'long', text: string): void;
  clearPoint(): void;
  locate(): void;
  addPhotos(files: FileList | null): void;
  removePhoto(id: number): void;
};

export type { Attribute };
