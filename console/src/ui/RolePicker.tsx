import { describeRole } from '../catalog';
import type { Role } from '../pages/org-context';

/** The roles to give, as checkboxes (several may be chosen), built-in roles first. */
export function RolePicker(props: { legend: string; roles: Role[]; selected: string[];
  onChange: (selected: string[]) => void; error?: string; disabled?: boolean }) {
  const toggle = (id: string, on: boolean) => props.onChange(on ? [...props.selected, id]
    : props.selected.filter((selected) => selected !== id));
  return (
    <fieldset class={`role-picker${props.error ? ' has-error' : ''}`} disabled={props.disabled}>
      <legend>{props.legend}</legend>
      {props.roles.length === 0 && <p class="hint">No roles to choose from.</p>}
      {props.roles.map((role) => (
        <div key={role.id} class="check-line">
          <label class="check">
            <input type="checkbox" checked={props.selected.includes(role.id)}
              aria-describedby={describeRole(role) ? `role-hint-${role.id}` : undefined}
              onChange={(event) => toggle(role.id, event.currentTarget.checked)} />
            <span>{role.name}</span>
          </label>
          {describeRole(role) && <span class="hint" id={`role-hint-${role.id}`}>{describeRole(role)}</span>}
        </div>
      ))}
      {props.error && <p class="field-error" role="alert">{props.error}</p>}
    </fieldset>
  );
}
