/** A photo as uploaded: bytes only; what it really is gets decided by its content later. */
export type Upload = { field: string; data: Buffer };
