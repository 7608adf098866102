import { t } from "../../src/i18n/ru.js";
import { Field } from "../components/form-field.js";

type Option = { value: string; label: string };

export type FieldMappingProps = {
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  /** The portal's string UF_CRM_* fields; null when it cannot be asked (then the admin types the code). */
  userFields: Option[] | null;
};

/** Where the client's comment and company go: a choice among the portal's fields, or a typed code without it. */
export function FieldMapping(p: FieldMappingProps) {
  const m = t.crmAdmin;
  return (
    <fieldset class="utm">
      <legend>{m.mappingHeading}</legend>
      <MappingChoice
        name="comment_field"
        label={m.commentField}
        natives={[{ value: "COMMENTS", label: m.commentNative }]}
        hint={m.commentFieldHint}
        textHint={m.commentFieldTextHint}
        {...p}
      />
      <MappingChoice
        name="company_field"
        label={m.companyField}
        natives={[
          { value: "COMPANY_TITLE", label: m.companyNative },
          { value: "none", label: m.companyNotSent },
        ]}
        hint={m.companyFieldHint}
        textHint={m.companyFieldTextHint}
        {...p}
      />
    </fieldset>
  );
}

function MappingChoice(p: FieldMappingProps & { name: string; label: string; natives: Option[]; hint: string; textHint: string }) {
  const value = p.values[p.name] ?? "";
  const error = p.errors[p.name];
  if (p.userFields === null) return <Field name={p.name} label={p.label} hint={p.textHint} value={value} error={error} maxlength={60} />;
  const known = [...p.natives, ...p.userFields].some((o) => o.value.toUpperCase() === value.toUpperCase());
  // A saved field the portal no longer has stays selectable, so saving other settings does not drop it.
  const options = known || value === "" ? p.userFields : [...p.userFields, { value, label: t.crmAdmin.userFieldMissing(value) }];
  const id = `f-${p.name}`;
  const described = [`${id}-hint`, error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} aria-invalid={error ? "true" : undefined} aria-describedby={described}>
        {[...p.natives, ...options].map((o) => (
          <option value={o.value} selected={value.toUpperCase() === o.value.toUpperCase()}>
            {o.label}
          </option>
        ))}
      </select>
      <p class="hint" id={`${id}-hint`}>
        {p.hint}
      </p>
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
