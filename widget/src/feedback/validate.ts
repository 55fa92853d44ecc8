import type { Attribute } from '../api';
import { fill, type Strings } from '../i18n/strings';
import type { LocationRule } from '../widget-config';
import { attributeKey } from './view-attributes';
import type { FieldError } from './view-model';

export type Draft = {
  data: FormData;
  attributes: Attribute[];
  locationRule: LocationRule;
  descriptionMin: number;
};

const given = (data: FormData, name: string): boolean =>
  data.getAll(name).some((value) => typeof value === 'string' && value.trim() !== '');

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * What can be told before sending, in the page's language: a category, the text, required
 * answers and the location the category asks for. Everything else (lengths beyond the minimum,
 * formats, limits) is the service's to say, and its errors are shown the same way.
 */
export function checkDraft(draft: Draft, s: Strings): FieldError[] {
  const { data } = draft;
  const errors: FieldError[] = [];
  if (!given(data, 'service_code')) return [{ key: 'service_code', text: s.chooseCategory }];
  const description = String(data.get('description') ?? '').trim();
  if (description === '') errors.push({ key: 'description', text: s.writeDescription });
  else if ([...description].length < draft.descriptionMin) {
    errors.push({ key: 'description', text: fill(s.descriptionTooShort, { min: draft.descriptionMin }) });
  }
  for (const attribute of draft.attributes) {
    const key = attributeKey(attribute);
    if (attribute.variable && attribute.required && !given(data, key) && !given(data, `${key}[]`)) {
      errors.push({ key, text: s.answerRequired });
    }
  }
  const lat = String(data.get('lat') ?? '').trim();
  const long = String(data.get('long') ?? '').trim();
  const hasPoint = lat !== '' && long !== '';
  if ((lat !== '' || long !== '') && !(NUMBER.test(lat) && NUMBER.test(long))) {
    errors.push({ key: 'location', text: s.coordinatesPair });
  } else if (draft.locationRule === 'coords' && !hasPoint) {
    errors.push({ key: 'location', text: s.needPoint });
  } else if (draft.locationRule === 'coords_or_address' && !hasPoint && !given(data, 'address_string')) {
    errors.push({ key: 'location', text: s.needLocation });
  }
  return errors;
}
