import { call, urlOf } from './api';
import { SCRIPT_ORIGIN } from './env';

export type LocationRule = 'coords_or_address' | 'coords' | 'none';

/** `GET /widget/config.json` (docs/widget.md, "Configuration"). */
export type WidgetConfig = {
  version: string;
  jurisdiction_id: string;
  map: { tile_url: string; attribution: string; lat: number; long: number; zoom: number; max_zoom: number };
  media: { max_files: number; max_bytes: number; types: string[] };
  description: { min_length: number; max_length: number };
  location_rules: Record<string, LocationRule>;
};

const loaded = new Map<string, Promise<WidgetConfig>>();

/** Read once per page and municipality; a failure is forgotten so that a retry asks again. */
export function loadWidgetConfig(jurisdictionId?: string): Promise<WidgetConfig> {
  const key = jurisdictionId ?? '';
  let config = loaded.get(key);
  if (config === undefined) {
    config = call<WidgetConfig>(urlOf(`${SCRIPT_ORIGIN}/widget`, 'config.json', { jurisdiction_id: jurisdictionId }));
    config.catch(() => loaded.delete(key));
    loaded.set(key, config);
  }
  return config;
}
