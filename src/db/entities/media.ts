import { EntitySchema } from 'typeorm';
import { bigserialId, stampedNow } from './columns';
import { ServiceRequestEntity } from './service-request';

/** A stored photo of a request (EXIF stripped) with its thumbnail; public only when published. */
export type MediaRecord = {
  id: string;
  publicId: string;
  requestId: string;
  position: number;
  published: boolean;
  contentType: string;
  bytes: number;
  width: number;
  height: number;
  storageKey: string;
  thumbnailKey: string;
  createdAt: Date;
};

export const MediaEntity = new EntitySchema<MediaRecord>({
  name: 'media',
  columns: {
    id: bigserialId,
    publicId: { type: 'text', unique: true },
    requestId: { type: 'bigint', foreignKey: { target: ServiceRequestEntity, onDelete: 'CASCADE' } },
    position: { type: 'int' },
    published: { type: 'boolean', default: false },
    contentType: { type: 'text' },
    bytes: { type: 'int' },
    width: { type: 'int' },
    height: { type: 'int' },
    storageKey: { type: 'text' },
    thumbnailKey: { type: 'text' },
    createdAt: stampedNow,
  },
  uniques: [{ columns: ['requestId', 'position'] }],
});
