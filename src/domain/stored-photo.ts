/** A stored photo (file and thumbnail in the media store), ready for its `media` row. */
export type StoredPhoto = {
  publicId: string;
  position: number;
  bytes: number;
  width: number;
  height: number;
  storageKey: string;
  thumbnailKey: string;
};
