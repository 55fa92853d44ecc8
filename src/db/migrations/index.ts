import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { PrivacyAndMedia1763800000000 } from './1763800000000-privacy-and-media';
import { QueryIndexes1763900000000 } from './1763900000000-query-indexes';
import { HandlersAndWorkflow1764000000000 } from './1764000000000-handlers-and-workflow';
import { InboxIndexes1764000000100 } from './1764000000100-inbox-indexes';
import { CatalogueAudit1764000000500 } from './1764000000500-catalogue-audit';
import { AccountAudit1764000000600 } from './1764000000600-account-audit';
import { StatisticsIndexes1764000000700 } from './1764000000700-statistics-indexes';
import { ResidentsAndOutbox1764100000000 } from './1764100000000-residents-and-outbox';
import { StripControlCharacters1764200000000 } from './1764200000000-strip-control-characters';
import { SimilarIndex1764200000100 } from './1764200000100-similar-index';
import { PublicViews1764300000000 } from './1764300000000-public-views';
import { BrowserKeys1764400000000 } from './1764400000000-browser-keys';
import { ResidentSignIn1764400000100 } from './1764400000100-resident-sign-in';
import { Cities1764500000000 } from './1764500000000-cities';
import { Webhooks1764600000000 } from './1764600000000-webhooks';
import { Alerts1764600000100 } from './1764600000100-alerts';
import { HandlerSignIn1764600000200 } from './1764600000200-handler-sign-in';
import { Publication1764600000300 } from './1764600000300-publication';
import { StaffIntake1764600000400 } from './1764600000400-staff-intake';
import { Erasure1764600000500 } from './1764600000500-erasure';
import { MetricsIndexes1764700000000 } from './1764700000000-metrics-indexes';
import { RateLimit1764700000100 } from './1764700000100-rate-limit';
import { StatisticsRollup1764800000000 } from './1764800000000-statistics-rollup';
import { RateLimitUnlogged1764800000600 } from './1764800000600-rate-limit-unlogged';
import { PublishedPhotoIds1764900000000 } from './1764900000000-published-photo-ids';
import { StatisticsDayTotals1764900000100 } from './1764900000100-statistics-day-totals';
import { StatisticsGroupedFold1765000000000 } from './1765000000000-statistics-grouped-fold';

/** Every migration, oldest first. */
export const migrations = [
  InitialSchema1763700000000,
  PrivacyAndMedia1763800000000,
  QueryIndexes1763900000000,
  HandlersAndWorkflow1764000000000,
  InboxIndexes1764000000100,
  CatalogueAudit1764000000500,
  AccountAudit1764000000600,
  StatisticsIndexes1764000000700,
  ResidentsAndOutbox1764100000000,
  StripControlCharacters1764200000000,
  SimilarIndex1764200000100,
  PublicViews1764300000000,
  BrowserKeys1764400000000,
  ResidentSignIn1764400000100,
  Cities1764500000000,
  Webhooks1764600000000,
  Alerts1764600000100,
  HandlerSignIn1764600000200,
  Publication1764600000300,
  StaffIntake1764600000400,
  Erasure1764600000500,
  MetricsIndexes1764700000000,
  RateLimit1764700000100,
  StatisticsRollup1764800000000,
  RateLimitUnlogged1764800000600,
  PublishedPhotoIds1764900000000,
  StatisticsDayTotals1764900000100,
  StatisticsGroupedFold1765000000000,
];
