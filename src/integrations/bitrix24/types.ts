/**
 * Plain types at the Bitrix24 boundary. Inputs are camelCase and mapped to the legacy upper-case CRM fields
 * by client.ts; outputs are parsed by payloads.ts (ids as numbers, money as integer kopecks, dates as Date).
 */
import type { Bitrix24Error } from "./errors.js";

/** P in progress, S success (won deal / converted lead), F failure (BITRIX24.md §2.11). */
export type StageSemantic = "P" | "S" | "F";

export type PhoneValueType = "WORK" | "MOBILE" | "FAX" | "HOME" | "PAGER" | "MAILING" | "OTHER";
export type EmailValueType = "WORK" | "HOME" | "MAILING" | "OTHER";

/** A phone or e-mail to write; a bare string means VALUE_TYPE "WORK". */
export type CommInput<T extends string> = string | { value: string; valueType?: T };

/** A multi-field value as read back (`PHONE`/`EMAIL` items). */
export interface CommValue {
  id: number;
  value: string;
  valueType: string;
}

export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  content?: string;
  term?: string;
}

/** Custom fields, written verbatim: keys must be `UF_CRM_<code>`. */
export type UserFields = Record<string, unknown>;

interface CommonInput {
  comments?: string;
  sourceId?: string;
  sourceDescription?: string;
  utm?: Utm;
  assignedById?: number;
  /** Our system id (defaults to the client's `originatorId`, "partner-cabinet"). */
  originatorId?: string;
  /** Our record id (UUID): the key for "look before you create again" (§4.6). */
  originId?: string;
  userFields?: UserFields;
  /** Live-feed entry and notification for the responsible user (`params.REGISTER_SONET_EVENT`). */
  registerSonetEvent?: boolean;
}

export interface LeadInput extends CommonInput {
  title: string;
  name?: string;
  lastName?: string;
  secondName?: string;
  phones?: Array<CommInput<PhoneValueType>>;
  emails?: Array<CommInput<EmailValueType>>;
  companyTitle?: string;
  /** From `listStatuses("STATUS")`; an unknown id is silently replaced by the first status (§2.1). */
  statusId?: string;
  opportunityKopecks?: number;
  currencyId?: string;
}

export interface ContactInput extends CommonInput {
  name?: string;
  lastName?: string;
  secondName?: string;
  phones?: Array<CommInput<PhoneValueType>>;
  emails?: Array<CommInput<EmailValueType>>;
}

export interface DealInput extends CommonInput {
  title: string;
  /** Funnel id from `listCategories()`; an unknown id silently becomes 0 (§2.6). */
  categoryId?: number;
  /** Stage id verbatim from `listDealStages(categoryId)` (`C<n>:…` outside funnel 0). */
  stageId?: string;
  contactIds?: number[];
  companyId?: number;
  opportunityKopecks?: number;
  currencyId?: string;
}

export interface Lead {
  id: number;
  title: string;
  name: string | null;
  lastName: string | null;
  secondName: string | null;
  companyTitle: string | null;
  statusId: string | null;
  statusSemantic: StageSemantic | null;
  sourceId: string | null;
  sourceDescription: string | null;
  comments: string | null;
  opportunityKopecks: number | null;
  currencyId: string | null;
  assignedById: number | null;
  contactId: number | null;
  originatorId: string | null;
  originId: string | null;
  phones: CommValue[];
  emails: CommValue[];
  utm: Utm;
  dateCreate: Date | null;
  dateModify: Date | null;
  /** Every `UF_CRM_*` key as returned (strings, booleans, arrays, null). */
  userFields: UserFields;
}

export interface Deal {
  id: number;
  title: string;
  categoryId: number;
  stageId: string | null;
  /** "Deal is won" ⇔ `stageSemantic === "S"`; never compare stage ids with "WON" (§2.7). */
  stageSemantic: StageSemantic | null;
  closed: boolean;
  opportunityKopecks: number | null;
  currencyId: string | null;
  leadId: number | null;
  contactId: number | null;
  companyId: number | null;
  assignedById: number | null;
  sourceId: string | null;
  comments: string | null;
  originatorId: string | null;
  originId: string | null;
  utm: Utm;
  dateCreate: Date | null;
  dateModify: Date | null;
  movedTime: Date | null;
  userFields: UserFields;
}

/** A row of `crm.status.list`: a lead status, a deal stage, a source… */
export interface Status {
  entityId: string;
  statusId: string;
  name: string;
  sort: number;
  /** Null for directories without semantics (SOURCE, DEAL_TYPE). */
  semantic: StageSemantic | null;
  categoryId: number | null;
  color: string | null;
  system: boolean;
}

/** A deal funnel from `crm.category.list`. Funnel 0 is the default ("General"). */
export interface Category {
  id: number;
  name: string;
  sort: number;
  isDefault: boolean;
}

/** A field descriptor from `crm.<entity>.fields` (for choosing the partner-tracking UF). */
export interface FieldInfo {
  type: string;
  title: string;
  /** Human label of a custom field (listLabel, formLabel or filterLabel), else the title. */
  label: string;
  isRequired: boolean;
  isReadOnly: boolean;
  isMultiple: boolean;
  isCustom: boolean;
  statusType?: string;
  items?: Array<{ id: string; value: string }>;
}

export interface User {
  id: number;
  name: string | null;
  lastName: string | null;
  email: string | null;
  active: boolean | null;
}

export type CrmEntity = "lead" | "deal" | "contact" | "company";

/** One sub-call of `batch`: structured params (encoded for you) or a raw `method?query` string. */
export type BatchCommand = { method: string; params?: Record<string, unknown> } | string;

export interface BatchOutcome {
  /** Results by command key, for the commands that succeeded. */
  result: Record<string, unknown>;
  /**
   * Per-command failures by key (HTTP 200 with errors inside, §4.7). When the HTTP call of a later chunk of 50
   * fails, its commands all carry that error (check `ambiguous`) and later chunks are skipped; a failure of the
   * first chunk is thrown instead.
   */
  errors: Record<string, Bitrix24Error>;
  total: Record<string, number>;
  next: Record<string, number>;
  /** Keys never executed because `halt` stopped the batch. */
  skipped: string[];
}

/** A parsed success envelope (§1.3): `total` on lists, `next` only when another page exists. */
export interface Envelope {
  result: unknown;
  total?: number;
  next?: number;
  time?: Record<string, unknown>;
}

export interface CallOptions {
  /** Defaults to false for `*.add`, `*.delete` and `batch`: those are not retried after an ambiguous failure. */
  idempotent?: boolean;
}

export interface ListOptions {
  /** Extra legacy filter conditions, e.g. `{ ORIGINATOR_ID: "partner-cabinet" }` or a partner UF. */
  filter?: Record<string, unknown>;
}

export interface Bitrix24Client {
  call(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<Envelope>;
  batch(commands: Record<string, BatchCommand> | BatchCommand[], options?: { halt?: boolean }): Promise<BatchOutcome>;
  addLead(input: LeadInput): Promise<{ id: number }>;
  getLead(id: number): Promise<Lead | null>;
  findLeadsByOrigin(originId: string, originatorId?: string): Promise<number[]>;
  listLeadsChangedSince(since: Date, options?: ListOptions): Promise<Lead[]>;
  addDeal(input: DealInput): Promise<{ id: number }>;
  getDeal(id: number): Promise<Deal | null>;
  findDealsByOrigin(originId: string, originatorId?: string): Promise<number[]>;
  listDealsChangedSince(since: Date, options?: ListOptions): Promise<Deal[]>;
  /** Deals created from a converted lead, oldest first (§2.17 lead mode). */
  listDealsByLead(leadId: number): Promise<Deal[]>;
  addContact(input: ContactInput): Promise<{ id: number }>;
  findContactsByOrigin(originId: string, originatorId?: string): Promise<number[]>;
  /** Contact ids matching a phone (normalised by the portal) or an e-mail; at most 20 values. */
  findContactByComm(type: "PHONE" | "EMAIL", values: string[]): Promise<number[]>;
  addDealContact(dealId: number, contactId: number, options?: { isPrimary?: boolean }): Promise<void>;
  listStatuses(entityId: string): Promise<Status[]>;
  listDealStages(categoryId: number): Promise<Status[]>;
  listCategories(): Promise<Category[]>;
  getFields(entity: CrmEntity): Promise<Record<string, FieldInfo>>;
  getUser(id: number): Promise<User | null>;
}
