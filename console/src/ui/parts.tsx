import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiError } from '../api/client';
import { follow } from '../router';

let ids = 0;
export function nextId(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

export function Link(props: { href: string; children: ComponentChildren; class?: string;
  'aria-current'?: 'page' }) {
  return (
    <a href={props.href} class={props.class} aria-current={props['aria-current']}
      onClick={(event) => follow(event as unknown as MouseEvent, props.href)}>{props.children}</a>
  );
}

/** A problem's detail, announced; field errors are shown by their fields. */
export function ErrorNote(props: { error: ApiError | undefined; prefix?: string }) {
  if (!props.error) {
    return null;
  }
  return (
    <p class="error-note" role="alert">
      {props.prefix ? `${props.prefix}: ` : ''}{props.error.problem.detail}
    </p>
  );
}

export function Loading(props: { what: string }) {
  return <p class="loading" role="status"><span class="spinner" aria-hidden="true" />Loading {props.what}…</p>;
}

export function Empty(props: { children: ComponentChildren }) {
  return <div class="empty">{props.children}</div>;
}

interface InputProps {
  id?: string;
  type?: 'text' | 'email' | 'url' | 'datetime-local';
  required?: boolean;
  maxLength?: number;
  disabled?: boolean;
  autoFocus?: boolean;
  autoComplete?: string;
}

/** A labelled input with its hint and its error (aria-describedby, aria-invalid). */
export function Field(props: InputProps & { label: string; value: string; onValue: (value: string) => void;
  error?: string; hint?: string; multiline?: boolean }) {
  const { label, value, onValue, error, hint, multiline, id: givenId, ...rest } = props;
  const id = useRef(givenId ?? nextId('field')).current;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {multiline
        ? <textarea id={id} value={value} rows={3} aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
          onInput={(event) => onValue((event.currentTarget as HTMLTextAreaElement).value)}
          {...rest} />
        : <input id={id} value={value} aria-invalid={error ? 'true' : undefined} aria-describedby={described}
          onInput={(event) => onValue(event.currentTarget.value)} {...(rest as Record<string, unknown>)} />}
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/** A labelled select with its error, like Field. */
export function SelectField(props: { label: string; value: string; onValue: (value: string) => void;
  options: { value: string; label: string }[]; error?: string; class?: string }) {
  const id = useRef(nextId('select')).current;
  return (
    <div class={`field${props.error ? ' has-error' : ''}${props.class ? ` ${props.class}` : ''}`}>
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(event) => props.onValue(event.currentTarget.value)}>
        {props.options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
      {props.error && <p class="field-error" id={`${id}-error`}>{props.error}</p>}
    </div>
  );
}

/**
 * A modal dialog (the browser's own <dialog>: focus moves in and is kept there, Escape closes it).
 * The console renders it only while it is open.
 */
export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useRef(nextId('dialog-title')).current;
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) {
      dialog.showModal();
    }
    return () => {
      if (dialog.open) {
        dialog.close();
      }
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog ref={ref} class={props.wide ? 'wide' : undefined} aria-labelledby={titleId}
      onCancel={(event) => { event.preventDefault(); props.onClose(); }}>
      <div class="dialog-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" class="quiet" aria-label="Close" onClick={props.onClose}>×</button>
      </div>
      {props.children}
    </dialog>
  );
}

export interface TabItem {
  id: string;
  label: string;
  href: string;
}

/**
 * Tabs as WAI-ARIA describes them: one tab stop, arrow keys, Home and End move between tabs, and a
 * tab is also a link (its own address), so it can be opened, shared and reloaded.
 */
export function Tabs(props: { label: string; items: TabItem[]; selected: string; idPrefix: string;
  onSelect: (item: TabItem) => void; children: ComponentChildren; small?: boolean }) {
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);
  const move = (event: KeyboardEvent, index: number) => {
    const count = props.items.length;
    const target = event.key === 'ArrowRight' ? (index + 1) % count : event.key === 'ArrowLeft'
      ? (index - 1 + count) % count : event.key === 'Home' ? 0 : event.key === 'End' ? count - 1 : -1;
    if (target >= 0) {
      event.preventDefault();
      refs.current[target]?.focus();
      props.onSelect(props.items[target]);
    }
  };
  const selected = props.items.find((item) => item.id === props.selected) ?? props.items[0];
  return (
    <div class={props.small ? 'tabs small' : 'tabs'}>
      <div role="tablist" aria-label={props.label}>
        {props.items.map((item, index) => (
          <a key={item.id} role="tab" href={item.href} id={`${props.idPrefix}-tab-${item.id}`}
            ref={(element) => { refs.current[index] = element; }}
            aria-selected={item.id === selected.id ? 'true' : 'false'}
            aria-controls={`${props.idPrefix}-panel`} tabIndex={item.id === selected.id ? 0 : -1}
            onKeyDown={(event) => move(event as unknown as KeyboardEvent, index)}
            onClick={(event) => {
              const mouse = event as unknown as MouseEvent;
              if (mouse.button === 0 && !mouse.metaKey && !mouse.ctrlKey && !mouse.shiftKey) {
                event.preventDefault();
                props.onSelect(item);
              }
            }}>{item.label}</a>
        ))}
      </div>
      <div role="tabpanel" id={`${props.idPrefix}-panel`} aria-labelledby={`${props.idPrefix}-tab-${selected.id}`}
        class="tabpanel">
        {props.children}
      </div>
    </div>
  );
}

export function MoreButton(props: { hasMore: boolean; loadingMore: boolean; onMore: () => void; what: string }) {
  if (!props.hasMore) {
    return null;
  }
  return (
    <p class="more">
      <button type="button" onClick={props.onMore} disabled={props.loadingMore}>
        {props.loadingMore ? `Loading more ${props.what}…` : `Load more ${props.what}`}
      </button>
    </p>
  );
}

export function formatDate(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium',
    timeStyle: 'short' });
}
