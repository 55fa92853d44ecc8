import { AlertPendingEntity } from './alert-pending';
import { ApplicationEntity } from './application';
import { AccountEventEntity, CatalogueEventEntity } from './audit-events';
import { DepartmentEntity } from './department';
import { HandlerEntity } from './handler';
import { HandlerCredentialEntity } from './handler-credential';
import { HandlerDepartmentEntity } from './handler-department';
import { JurisdictionEntity } from './jurisdiction';
import { MediaEntity } from './media';
import { OutboxEntity } from './outbox';
import { RateLimitEntity } from './rate-limit';
import { RequestContactEntity } from './request-contact';
import { RequestEventEntity } from './request-event';
import { ResidentSessionEntity, SignInLinkEntity } from './resident-sign-in';
import { ServiceEntity } from './service';
import { ServiceAttributeEntity } from './service-attribute';
import { ServiceRequestEntity } from './service-request';
import {
  StatisticsDailyEntity,
  StatisticsDayTotalsEntity,
  StatisticsMonthlyEntity,
  StatisticsPendingEntity,
  StatisticsRedirectedEntity,
  StatisticsWeeklyEntity,
} from './statistics';
import { WebhookDeliveryEntity, WebhookEntity, WebhookEventEntity } from './webhook';

/**
 * Every table the migrations create, as TypeORM entities (EntitySchema: plain objects, no
 * decorators). The migrations stay the truth; test/contract/entities-match-migrations.test.ts
 * fails when the two disagree.
 */
export const entities = [
  JurisdictionEntity,
  DepartmentEntity,
  ServiceEntity,
  ServiceAttributeEntity,
  ApplicationEntity,
  ServiceRequestEntity,
  RequestContactEntity,
  RequestEventEntity,
  MediaEntity,
  HandlerEntity,
  HandlerDepartmentEntity,
  HandlerCredentialEntity,
  CatalogueEventEntity,
  AccountEventEntity,
  OutboxEntity,
  SignInLinkEntity,
  ResidentSessionEntity,
  AlertPendingEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  WebhookEventEntity,
  RateLimitEntity,
  StatisticsDailyEntity,
  StatisticsDayTotalsEntity,
  StatisticsWeeklyEntity,
  StatisticsMonthlyEntity,
  StatisticsRedirectedEntity,
  StatisticsPendingEntity,
];
