import { t } from "../../src/i18n/ru.js";

export function StatusPill({ active }: { active: boolean }) {
  return <span class={active ? "pill pill-ok" : "pill pill-off"}>{active ? t.landings.active : t.landings.inactive}</span>;
}

export function ActivateButton({ landingId }: { landingId: number }) {
  return (
    <form method="post" action={`/landings/${landingId}/activation`}>
      <button type="submit" class="button">
        {t.landings.activate}
      </button>
    </form>
  );
}
