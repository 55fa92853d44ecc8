/**
 * A photo the submitter sent cannot be accepted (not an image, too many pixels, damaged).
 * The message is written for the submitter; the HTTP layer turns it into a GeoReport 400.
 */
export class MediaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaError';
  }
}
