import { EntitySchema } from 'typeorm';
import { DepartmentEntity } from './department';
import type { HandlerRecord } from './handler';

/** A handler's membership of a department (the inbox they see, the requests they may act on). */
export type HandlerDepartmentRecord = {
  handlerId: number;
  departmentId: number;
  handler?: HandlerRecord;
};

export const HandlerDepartmentEntity = new EntitySchema<HandlerDepartmentRecord>({
  name: 'handler_department',
  columns: {
    handlerId: { type: 'int', primary: true },
    departmentId: {
      type: 'int',
      primary: true,
      foreignKey: { target: DepartmentEntity, onDelete: 'CASCADE' },
    },
  },
  relations: {
    handler: {
      type: 'many-to-one',
      target: 'handler',
      inverseSide: 'memberships',
      joinColumn: { name: 'handler_id' },
      onDelete: 'CASCADE',
    },
  },
});
