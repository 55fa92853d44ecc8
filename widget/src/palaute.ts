import { PalauteFeedback } from './feedback/feedback-element';
import { PalauteLocation } from './map/location-element';
import { PalauteMap } from './map/map-element';

/**
 * The palaute311 web widget (docs/widget.md): `<palaute-feedback>`, `<palaute-map>` and
 * `<palaute-location>`. Defining is idempotent, so a page that loads the script twice keeps working.
 */
const ELEMENTS: [string, CustomElementConstructor][] = [
  ['palaute-feedback', PalauteFeedback],
  ['palaute-map', PalauteMap],
  ['palaute-location', PalauteLocation],
];

for (const [name, element] of ELEMENTS) {
  if (!customElements.get(name)) customElements.define(name, element);
}

export { PalauteFeedback, PalauteLocation, PalauteMap };
