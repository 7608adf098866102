import { formatDate } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

export type OnboardingView = { hasLink: boolean; shared: boolean; profileComplete: boolean; hasRequisites: boolean };

/** "Your account is approved": shown by the route during the first week after approval only. */
export function WelcomeCard({ approvedAt, partnerCode, timeZone }: { approvedAt: number; partnerCode: string; timeZone: string }) {
  const m = t.dashboard.welcome;
  return (
    <section class="card dash-welcome" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">{m.heading}</h2>
      <p>{m.since(formatDate(approvedAt, timeZone))}</p>
      <p>
        {m.codeLabel}: <code class="code">{partnerCode}</code>
      </p>
      <p class="hint">{t.partners.partnerCodeHint}</p>
    </section>
  );
}

/** The first steps; the route leaves it out once every step is done. */
export function Checklist({ facts, mainLinkId }: { facts: OnboardingView; mainLinkId: number | null }) {
  const m = t.dashboard.steps;
  const steps = [
    {
      done: facts.shared,
      text: m.share,
      href: mainLinkId === null ? "/links/new" : `/links/${mainLinkId}`,
      action: mainLinkId === null ? m.createAction : m.shareAction,
    },
    { done: facts.profileComplete, text: m.profile, href: "/profile", action: m.profileAction },
    { done: facts.hasRequisites, text: m.requisites, href: "/profile#requisites", action: m.requisitesAction },
  ];
  return (
    <section class="card dash-steps" aria-labelledby="steps-heading" id="onboarding">
      <h2 id="steps-heading">{m.heading}</h2>
      <ol class="steps">
        {steps.map((s) => (
          <li class={s.done ? "step step-done" : "step"}>
            <span class="step-state">{s.done ? m.done : m.todo}</span>
            <span>{s.text}</span>
            {!s.done && <a href={s.href}>{s.action}</a>}
          </li>
        ))}
      </ol>
    </section>
  );
}
