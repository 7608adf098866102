import { t } from "../../src/i18n/ru.js";
import { confirmAttrs } from "../components/confirm.js";

type Entity = "lead" | "deal";
export type RoutingLists = {
  categories: Array<{ id: number; name: string }>;
  stages: Record<number, Array<{ statusId: string; name: string }>>;
};

export type PartnerRoutingCardProps = {
  partnerId: number;
  /** For the confirmation before clearing the override. */
  partnerName: string;
  routing: { entityType: Entity | null; categoryId: number | null; stageId: string | null };
  globalEntity: Entity;
  /** Null when Bitrix24 is not configured or does not answer: then only clearing is offered. */
  lists: RoutingLists | null;
  values?: Record<string, string> | undefined;
  errors?: Partial<Record<string, string>> | undefined;
};

function summary(p: PartnerRoutingCardProps): string {
  const m = t.moneyTools.routing;
  const r = p.routing;
  if (r.entityType === null && r.categoryId === null && r.stageId === null) return m.inherit;
  const funnel = r.categoryId === null ? null : (p.lists?.categories.find((c) => c.id === r.categoryId)?.name ?? m.unknownId(String(r.categoryId)));
  const stage =
    r.stageId === null
      ? null
      : (Object.values(p.lists?.stages ?? {})
          .flat()
          .find((s) => s.statusId === r.stageId)?.name ?? r.stageId);
  return [
    m.summaryEntity(r.entityType ? m.entityNames[r.entityType] : m.inherit),
    funnel === null ? null : m.summaryFunnel(funnel),
    stage === null ? null : m.summaryStage(stage),
  ]
    .filter(Boolean)
    .join(", ");
}

/** The per-partner Bitrix24 routing (PRODUCT.md §5): entity, funnel and stage over the general settings. */
export function PartnerRoutingCard(p: PartnerRoutingCardProps) {
  const m = t.moneyTools.routing;
  const path = `/admin/partners/${p.partnerId}/routing`;
  const overridden = p.routing.entityType !== null || p.routing.categoryId !== null || p.routing.stageId !== null;
  return (
    <section class="card" id="routing" aria-labelledby="routing-heading">
      <h2 id="routing-heading">{m.heading}</h2>
      <p class="hint">{m.intro}</p>
      <dl class="facts">
        <dt>{m.current}</dt>
        <dd>{summary(p)}</dd>
      </dl>
      <p class="hint">{m.globalIs(m.entityNames[p.globalEntity])}</p>
      {p.lists ? <RoutingForm {...p} lists={p.lists} path={path} /> : <p class="flash flash-info">{m.unavailable}</p>}
      {overridden && (
        <form method="post" action={`${path}/deletion`} class="actions" {...confirmAttrs(m.clearQuestion(p.partnerName), m.clear, "secondary")}>
          <button type="submit" class="button button-secondary">
            {m.clear}
          </button>
        </form>
      )}
    </section>
  );
}

function RoutingForm(p: PartnerRoutingCardProps & { lists: RoutingLists; path: string }) {
  const m = t.moneyTools.routing;
  const v = p.values ?? {
    entity_type: p.routing.entityType ?? "",
    category_id: p.routing.categoryId === null ? "" : String(p.routing.categoryId),
    stage_id: p.routing.stageId ?? "",
  };
  const e = p.errors ?? {};
  return (
    <form method="post" action={p.path} class="form" novalidate>
      <fieldset class="choice">
        <legend>{m.entity}</legend>
        {(["", "lead", "deal"] as const).map((value) => (
          <label class="choice-option">
            <input type="radio" name="entity_type" value={value} checked={(v.entity_type ?? "") === value} />
            <span>{value === "" ? m.inherit : m.entityTypes[value]}</span>
          </label>
        ))}
        {e.entity_type && (
          <p class="error" id="f-entity_type-error">
            {e.entity_type}
          </p>
        )}
      </fieldset>
      <div class={e.category_id ? "field field-invalid" : "field"}>
        <label for="f-category_id">{m.category}</label>
        <select
          id="f-category_id"
          name="category_id"
          aria-invalid={e.category_id ? "true" : undefined}
          aria-describedby={e.category_id ? "f-category_id-error" : undefined}
        >
          <option value="">{m.inheritOption}</option>
          {p.lists.categories.map((c) => (
            <option value={String(c.id)} selected={v.category_id === String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
        {e.category_id && (
          <p class="error" id="f-category_id-error">
            {e.category_id}
          </p>
        )}
      </div>
      <div class={e.stage_id ? "field field-invalid" : "field"}>
        <label for="f-stage_id">{m.stage}</label>
        {/* Stages of every funnel, grouped: without JavaScript the list cannot follow the funnel choice, the server checks the pair. */}
        <select
          id="f-stage_id"
          name="stage_id"
          aria-invalid={e.stage_id ? "true" : undefined}
          aria-describedby={e.stage_id ? "f-stage_id-hint f-stage_id-error" : "f-stage_id-hint"}
        >
          <option value="">{m.inheritOption}</option>
          {p.lists.categories.map((c) => (
            <optgroup label={c.name}>
              {(p.lists.stages[c.id] ?? []).map((s) => (
                <option value={s.statusId} selected={v.stage_id === s.statusId}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <p class="hint" id="f-stage_id-hint">
          {m.stageHint}
        </p>
        {e.stage_id && (
          <p class="error" id="f-stage_id-error">
            {e.stage_id}
          </p>
        )}
      </div>
      <div class="actions">
        <button type="submit" class="button">
          {m.save}
        </button>
      </div>
    </form>
  );
}
