export { isValidPersonalIdentityCode } from './personal-identity-code';
export { REDACTION_LABELS, type RedactionLocale } from './redaction-labels';
export { redactText } from './redact-text';
export { screenText } from './screen-text';
export { type ScreeningHit, type ScreeningKind } from './types';
export { nicknameProblem, type OwnDetails } from './nickname';
