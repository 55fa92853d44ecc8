import type { Datatype, LocationRule, Localized } from './catalogue';

/** The wire shapes of the catalogue bodies (openapi/admin/40-catalogue.yaml), as ajv let them through. */
export type AttributeInput = {
  code: string;
  datatype: Datatype;
  variable?: boolean;
  required?: boolean;
  order: number;
  descriptions: Localized;
  datatype_descriptions?: Localized;
  values?: { key: string; names: Localized }[];
};

export type ServicePatch = {
  names?: Localized;
  descriptions?: Localized;
  groups?: Localized;
  keywords?: Localized;
  type?: 'realtime' | 'batch' | 'blackbox';
  location_rule?: LocationRule;
  moderation?: 'auto' | 'pre';
  never_public?: boolean;
  department_id?: number | null;
  sla_days?: number;
  active?: boolean;
  sort_order?: number;
  attributes?: AttributeInput[];
};

export type ServiceCreate = ServicePatch & { service_code: string; names: Localized };

/** A department's alert settings (docs/alerts.md). */
export type DepartmentAlerts = { alert_email?: string | null; alert_handlers?: boolean; digest?: boolean };
export type DepartmentPatch = DepartmentAlerts & { code?: string; names?: Localized };
export type DepartmentCreate = DepartmentAlerts & { code: string; names: Localized };
