/**
 * Public types of the Bitrix24 emulator: start options, the portal seed, the control surface
 * (in-process and over HTTP under /_emulator/...), faults, logs and counters.
 */

export type EntityKind = "lead" | "deal" | "contact";

/** A row as the REST API returns it (string-typed, see BITRIX24.md §2.0). */
export type B24Row = Record<string, unknown>;

export type StageSemantics = "process" | "success" | "failure" | "apology";

export type StageSeed = {
  /** "NEW", "UC_KN8KFI" or already prefixed "C9:NEW" for funnel 9. */
  id: string;
  name: string;
  sort?: number;
  /** Default: WON/CONVERTED → success, LOSE/JUNK → failure, anything sorted after success → apology, else process. */
  semantics?: StageSemantics;
  color?: string;
};

export type FunnelSeed = { id: number; name: string; sort?: number; stages?: StageSeed[] };

export type UserSeed = { id: number; name: string; lastName?: string; email?: string; active?: boolean; workPosition?: string };

export type UserFieldType = "string" | "integer" | "double" | "boolean" | "enumeration" | "date" | "datetime";

export type UserFieldSeed = {
  entity: EntityKind;
  /** Full code, e.g. "UF_CRM_PARTNER_CODE" or "UF_CRM_1721244482250". */
  code: string;
  type?: UserFieldType;
  multiple?: boolean;
  mandatory?: boolean;
  label?: string;
  /** Enumeration items. */
  items?: Array<{ id: number; value: string }>;
};

export type PortalSeed = {
  /** auth[domain] in events; default "127.0.0.1:<port>". */
  domain?: string;
  memberId?: string;
  /** Base currency, default "RUB". */
  currency?: string;
  currencies?: string[];
  /** Offset used in every date the emulator prints, default "+03:00". */
  timezone?: string;
  /** First ids handed out (defaults: lead 1001, contact 2001, deal 3001, multi-field 5001). */
  idBase?: Partial<Record<EntityKind | "multiField", number>>;
  /** Deal funnels. Funnel 0 ("General", default stages) is added when missing. Missing stages → the default stage set. */
  funnels?: FunnelSeed[];
  /** Lead statuses (ENTITY_ID STATUS); default NEW, IN_PROCESS, PROCESSED, CONVERTED (S), JUNK (F). */
  leadStatuses?: StageSeed[];
  sources?: Array<{ id: string; name: string }>;
  dealTypes?: Array<{ id: string; name: string }>;
  /** Users for user.get and ASSIGNED_BY_ID; the webhook user is added when missing. */
  users?: UserSeed[];
  userFields?: UserFieldSeed[];
  /** Entities created silently (no events, no log), REST field names, e.g. { TITLE: "x", STATUS_ID: "NEW" }. */
  leads?: B24Row[];
  deals?: B24Row[];
  contacts?: B24Row[];
};

export type RateLimit = { perSecond: number; burst: number };

export type StartOptions = {
  /** 0 = any free port (default). */
  port?: number;
  /** The webhook's user id in the URL, default 1. */
  userId?: number;
  /** The webhook secret in the URL, default random. */
  secret?: string;
  /** Sent as auth[application_token] in outbound events, default random. */
  applicationToken?: string;
  /** Leaky bucket, default { perSecond: 2, burst: 50 }; false disables it. */
  rateLimit?: RateLimit | false;
  /** Clock for DATE_CREATE/DATE_MODIFY/ts/time, default Date.now. */
  now?: () => number;
  /** Portal applied at start and after every reset(); default: a fresh portal (funnel 0, default statuses). */
  seed?: PortalSeed;
};

/** What the next matching REST call(s) suffer. */
export type RestFault =
  /** 503 QUERY_LIMIT_EXCEEDED "Too many requests". */
  | { kind: "query-limit" }
  /** 500 INTERNAL_SERVER_ERROR. */
  | { kind: "server-error" }
  /** Any status and error body. */
  | { kind: "error"; status: number; error: string; description: string }
  /** Wait `ms`, then process and answer normally (the call commits even if the client gave up). */
  | { kind: "hang"; ms: number }
  /** Destroy the connection before processing: nothing is stored. */
  | { kind: "reset" }
  /** Process the call (the entity is stored, events fire), then destroy the connection instead of answering. */
  | { kind: "commit-then-reset" };

export type FaultRule = RestFault & {
  /** Only calls of this method (case-insensitive, without ".json"); default any method. */
  method?: string;
  /** How many calls it affects, default 1. */
  times?: number;
};

export type WebhookSettings = {
  /** Scopes ticked on the webhook, default ["crm", "user"]. */
  scopes?: string[];
  /** Revoked webhook: every call → 401 INVALID_CREDENTIALS. */
  revoked?: boolean;
  /** Reject plain HTTP like a real portal: 401 INVALID_REQUEST "Https required.". */
  requireHttps?: boolean;
  /** Portal-level blocks: plan without REST (ACCESS_DENIED) or manual overload block (OVERLOAD_LIMIT). */
  block?: "plan" | "overload" | null;
};

export type EventDeliveryOptions = {
  /** Wait before each delivery, default 0. */
  delayMs?: number;
  /** Handler timeout; after it the delivery counts as failed (no retry). Default 5000. */
  timeoutMs?: number;
  /** Drop every event while true. */
  drop?: boolean;
  /** Drop the next N events. */
  dropNext?: number;
  /** Send every event 1 + duplicate times. */
  duplicate?: number;
  /** Buffer events and deliver them permuted: when flushEvents() is called or reorderWindowMs after the first one. */
  reorder?: false | "reverse" | "shuffle";
  /** Window for automatic reorder flushes, default 100 ms. */
  reorderWindowMs?: number;
  /** Buffer events until flushEvents(). */
  hold?: boolean;
  /** Unencoded brackets on the wire ("data[FIELDS][ID]=1") instead of percent-encoded ones. */
  rawBrackets?: boolean;
  /** Deliver (and await) the events of a REST call before its response is written. */
  beforeResponse?: boolean;
};

export type OutgoingWebhook = { id: number; handlerUrl: string; events: string[]; applicationToken: string };

export type DeliveryRecord = {
  event: string;
  entityId: number;
  handlerId: number;
  handlerUrl: string;
  /** Form body as sent (or as it would have been sent). */
  body: string;
  outcome: "delivered" | "failed" | "dropped";
  /** Handler's HTTP status when it answered. */
  status?: number;
  error?: string;
  /** 0 for the original, 1.. for duplicates. */
  copy: number;
  at: number;
};

export type RequestLogEntry = {
  id: number;
  at: number;
  httpMethod: string;
  path: string;
  /** Lower-case method name, null when the path named none. */
  method: string | null;
  params: Record<string, unknown>;
  /** HTTP status answered, or "reset" when the connection was destroyed. */
  status: number | "reset";
  /** `error` code of an error answer. */
  error?: string;
  fault?: RestFault["kind"];
  /** Log id of the enclosing batch for its sub-calls. */
  batchId?: number;
  durationMs: number;
};

export type EmulatorCounters = {
  /** HTTP requests that reached /rest/ (refused "down" connections are not counted). */
  requests: number;
  callsByMethod: Record<string, number>;
  /** Successful crm.*.add calls (batch sub-calls included). */
  createsByMethod: Record<string, number>;
  rateLimited: number;
  faulted: number;
  entities: Record<EntityKind, number>;
  /** Distinct ORIGINATOR_ID+ORIGIN_ID pairs among stored entities. */
  uniqueOriginIds: Record<EntityKind, number>;
  /** ORIGIN_IDs stored on more than one entity of the kind. */
  duplicateOriginIds: Record<EntityKind, string[]>;
};

export type ConvertLeadOptions = {
  /** Create a contact from the lead's name, phones and e-mails (default true). */
  createContact?: boolean;
  categoryId?: number;
  stageId?: string;
  opportunity?: number;
  /** Which event goes first, default "lead-first" (ONCRMLEADUPDATE, then ONCRMDEALADD). */
  eventOrder?: "lead-first" | "deal-first";
};

export type EmulatorControl = {
  seed(seed: PortalSeed): void;
  /**
   * Back to the start state: entities, handlers, faults, logs and counters cleared, start seed re-applied,
   * the server listening again if it was down. The state is reset at once; await it only after setDown().
   */
  reset(): Promise<void>;
  listLeads(): B24Row[];
  getLead(id: number): B24Row | null;
  listDeals(): B24Row[];
  getDeal(id: number): B24Row | null;
  listContacts(): B24Row[];
  getContact(id: number): B24Row | null;
  /** Manager actions: each fires the matching outbound event. */
  createLead(fields: B24Row): number;
  createDeal(fields: B24Row): number;
  createContact(fields: B24Row): number;
  updateLead(id: number, fields: B24Row): void;
  updateDeal(id: number, fields: B24Row): void;
  setLeadStatus(id: number, statusId: string): void;
  moveDeal(id: number, stageId: string): void;
  setDealAmount(id: number, opportunity: number | string, currency?: string): void;
  /** Funnel move: changes CATEGORY_ID/STAGE_ID silently (outgoing webhooks get no event, §3.2). */
  moveDealToFunnel(id: number, categoryId: number, stageId?: string): void;
  deleteLead(id: number): void;
  deleteDeal(id: number): void;
  convertLead(id: number, options?: ConvertLeadOptions): { dealId: number; contactId: number | null };
  addEventHandler(handler: { handlerUrl: string; events: string[]; applicationToken?: string }): OutgoingWebhook;
  removeEventHandler(id: number): void;
  listEventHandlers(): OutgoingWebhook[];
  configureEvents(options: EventDeliveryOptions): EventDeliveryOptions;
  /** Deliver buffered (held/reordered) events now. */
  flushEvents(): void;
  /** Resolves when no event is waiting or in flight (buffered held events do not count). */
  waitForEvents(): Promise<void>;
  deliveries(): DeliveryRecord[];
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Added to every REST call (ms). */
  setLatency(ms: number): void;
  /** Refuse connections (stop listening); `ms` brings it back automatically. */
  setDown(down: boolean | { ms: number }): Promise<void>;
  setRateLimit(limit: RateLimit | false): void;
  /** 429 OPERATION_TIME_LIMIT for this method during `ms`. */
  blockMethod(method: string, ms: number): void;
  configureWebhook(settings: WebhookSettings): void;
  /** New secret: the old webhook URL now fails with INVALID_CREDENTIALS. */
  rotateWebhook(secret?: string): { secret: string; webhookUrl: string };
  requests(): RequestLogEntry[];
  clearRequests(): void;
  counters(): EmulatorCounters;
};

export type Bitrix24Emulator = {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  /** `${origin}/rest/${userId}/${secret}/` (trailing slash), what the cabinet stores. Follows rotateWebhook(). */
  webhookUrl: string;
  applicationToken: string;
  control: EmulatorControl;
  close(): Promise<void>;
};
