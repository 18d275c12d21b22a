import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { navigate, orgPath, place } from '../router';
import { useStore } from '../store';
import { usePaged } from '../ui/hooks';
import { Empty, ErrorNote, Field, formatDate, Loading, MoreButton, SelectField } from '../ui/parts';
import { useOrg } from './org-context';

type AuditEvent = Schemas['AuditEvent'];
type AuditAction = Schemas['AuditAction'];
type Target = AuditEvent['targets'][number];
type UserRow = Schemas['UserRow'];

/** Every action of the API's enum, in the order of the contract (a new one does not compile until named here). */
const ACTIONS: Record<AuditAction, string> = {
  'org.created': 'Organisation created',
  'org.updated': 'Organisation updated',
  'invitation.created': 'Invitation created',
  'invitation.updated': 'Invitation roles changed',
  'invitation.resent': 'Invitation resent',
  'invitation.cancelled': 'Invitation cancelled',
  'invitation.accepted': 'Invitation accepted',
  'invitation.declined': 'Invitation declined',
  'invitation.reminded': 'Invitation reminder sent',
  'invitation.expired': 'Invitation expired',
  'member.roles_updated': 'Member roles changed',
  'member.removed': 'Member removed',
  'member.left': 'Member left',
  'role.created': 'Role created',
  'role.updated': 'Role updated',
  'role.deleted': 'Role deleted',
  'service_account.created': 'Service account created',
  'service_account.updated': 'Service account updated',
  'service_account.secret_rotated': 'Service account secret rotated',
  'service_account.deleted': 'Service account deleted',
};

const TARGET_KIND: Record<Target['type'], string> = {
  organisation: 'Organisation',
  user: 'User',
  service_account: 'Service account',
  invitation: 'Invitation',
  role: 'Role',
};

/** The filters, as the page's address holds them (so a filtered log can be reloaded and shared). */
interface Filters {
  action: string;
  actorId: string;
  targetId: string;
  since: string;
  until: string;
}

const NO_FILTERS: Filters = { action: '', actorId: '', targetId: '', since: '', until: '' };
const PAGE = 50;

function filtersOf(query: URLSearchParams): Filters {
  return { action: query.get('action') ?? '', actorId: query.get('actorId') ?? '',
    targetId: query.get('targetId') ?? '', since: query.get('since') ?? '', until: query.get('until') ?? '' };
}

function queryOf(filters: Filters): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value) {
      query.set(name, value);
    }
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** An instant (ISO-8601) as a datetime-local input shows it: the browser's time zone, to the minute. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) {
    return '';
  }
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local input's value as the instant the API takes; a value the browser cannot read goes as typed. */
function toInstant(local: string): string {
  const date = new Date(local);
  return !local ? '' : Number.isNaN(date.getTime()) ? local : date.toISOString();
}

export function AuditLogTab() {
  const org = useOrg();
  const at = useStore(place);
  const filters = useMemo(() => filtersOf(at.query), [at.query.toString()]);
  const filtered = Object.values(filters).some(Boolean);
  if (!org.can('audit:view')) {
    return (
      <section aria-labelledby="audit-heading">
        <div class="section-head"><h2 id="audit-heading">Audit log</h2></div>
        <Empty><p>Seeing the audit log needs the <code>audit:view</code> permission, which your roles do not grant.
          Owners hold it.</p></Empty>
      </section>
    );
  }
  const apply = (next: Filters) => navigate(orgPath(org.orgId, 'audit-log') + queryOf(next));
  return (
    <section aria-labelledby="audit-heading">
      <div class="section-head"><h2 id="audit-heading">Audit log</h2></div>
      <p class="hint">Who changed access, and when: every change to this organisation's users, invitations, roles,
        service accounts and settings, newest first.</p>
      <AuditList key={queryOf(filters)} filters={filtered ? filters : NO_FILTERS} filtered={filtered}
        onFilter={apply} />
    </section>
  );
}

function AuditList(props: { filters: Filters; filtered: boolean; onFilter: (filters: Filters) => void }) {
  const org = useOrg();
  const { filters } = props;
  const list = usePaged((cursor) => api.get('/orgs/{orgId}/audit-events', { path: { orgId: org.orgId },
    query: { action: (filters.action || undefined) as AuditAction | undefined, actorId: filters.actorId || undefined,
      targetId: filters.targetId || undefined, since: filters.since || undefined, until: filters.until || undefined,
      limit: PAGE, cursor } }), [org.orgId, queryOf(filters)]);
  const names = useNames(list.items);
  const fieldErrors = list.error?.fieldErrors() ?? {};
  const only = (change: Partial<Filters>) => props.onFilter({ ...filters, ...change });
  return (
    <>
      <FilterForm filters={filters} filtered={props.filtered} errors={fieldErrors} onFilter={props.onFilter} />
      <ErrorNote error={list.error && Object.keys(fieldErrors).length === 0 ? list.error : undefined}
        prefix={list.items.length ? 'More events could not be loaded' : 'The audit log could not be loaded'} />
      {list.loading ? <Loading what="events" /> : list.items.length === 0 ? (
        list.error ? null : list.hasMore ? (
          <Empty><p>No event among the latest ones read matches these filters; older events may.</p></Empty>
        ) : (
          <Empty>{props.filtered
            ? <p>No event matches these filters. Change them, or choose “Clear filters” to see every event.</p>
            : <p>Nothing has changed yet. Inviting people, changing roles, creating service accounts or renaming the
              organisation each adds an event here.</p>}</Empty>
        )
      ) : (
        <div class="table-wrap">
          <table class="audit">
            <caption class="visually-hidden">Audit events, newest first</caption>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th>
                <th scope="col">Targets</th><th scope="col">Changes</th></tr>
            </thead>
            <tbody>
              {list.items.map((event) => (
                <tr key={event.id}>
                  <td class="when"><time dateTime={event.at}>{formatDate(event.at)}</time></td>
                  <td class="actor">
                    <Actor event={event} names={names} onOnly={() => only({ actorId: event.actor.id })} />
                  </td>
                  <th scope="row" class="action">
                    <span>{ACTIONS[event.action] ?? event.action}</span>
                    <code class="sub">{event.action}</code>
                  </th>
                  <td>
                    <ul class="plain">
                      {event.targets.map((target) => (
                        <li key={`${target.type}-${target.id}`}>
                          <span class="kind">{TARGET_KIND[target.type] ?? target.type}</span>{' '}
                          <FilterButton label={targetLabel(target, names)} description={`show only events about this ${(TARGET_KIND[target.type] ?? target.type).toLowerCase()}`}
                            onClick={() => only({ targetId: target.id })} />
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td class="changes"><Changes changes={event.changes} names={names} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton hasMore={list.hasMore && !list.loading} loadingMore={list.loadingMore} onMore={list.loadMore}
        what="events" />
    </>
  );
}

function FilterForm(props: { filters: Filters; filtered: boolean; errors: Record<string, string>;
  onFilter: (filters: Filters) => void }) {
  const [action, setAction] = useState(props.filters.action);
  const [actorId, setActorId] = useState(props.filters.actorId);
  const [targetId, setTargetId] = useState(props.filters.targetId);
  const [since, setSince] = useState(toLocalInput(props.filters.since) || props.filters.since);
  const [until, setUntil] = useState(toLocalInput(props.filters.until) || props.filters.until);
  const { errors } = props;
  return (
    <form class="filters" aria-label="Filter the audit log"
      onSubmit={(event) => {
        event.preventDefault();
        props.onFilter({ action, actorId: actorId.trim(), targetId: targetId.trim(), since: toInstant(since),
          until: toInstant(until) });
      }}>
      <SelectField label="Action" value={action} onValue={setAction} error={errors.action}
        options={[{ value: '', label: 'Every action' },
          ...(Object.keys(ACTIONS) as AuditAction[]).map((id) => ({ value: id, label: ACTIONS[id] }))]} />
      <Field label="Actor id" value={actorId} onValue={setActorId} maxLength={256} error={errors.actorId}
        hint="A user or service account: choose one in the log" />
      <Field label="Target id" value={targetId} onValue={setTargetId} maxLength={256} error={errors.targetId}
        hint="Whom or what a change touched: choose one in the log" />
      <Field label="Since" type="datetime-local" value={since} onValue={setSince} error={errors.since}
        hint="From this time on, in your time zone" />
      <Field label="Until" type="datetime-local" value={until} onValue={setUntil} error={errors.until}
        hint="Before this time" />
      <div class="buttons">
        {props.filtered && <button type="button" onClick={() => props.onFilter(NO_FILTERS)}>Clear filters</button>}
        <button type="submit" class="primary">Apply filters</button>
      </div>
    </form>
  );
}

/** A name that narrows the log to what it names; its accessible name starts with the visible text. */
function FilterButton(props: { label: string; description: string; onClick: () => void }) {
  return (
    <button type="button" class="link" onClick={props.onClick}>
      {props.label}<span class="visually-hidden"> ({props.description})</span>
    </button>
  );
}

function Actor(props: { event: AuditEvent; names: Names; onOnly: () => void }) {
  const org = useOrg();
  const { actor } = props.event;
  if (actor.type === 'system') {
    return <><span>System</span><span class="sub">{actor.id}</span></>;
  }
  const self = actor.id === org.me.userId;
  const label = self ? 'You' : props.names.of(actor.id) ?? invitee(props.event) ?? actor.id;
  return (
    <>
      <FilterButton label={label} description="show only events by this actor" onClick={props.onOnly} />
      <span class="sub">{actor.type === 'service_account' ? 'Service account' : self ? org.me.email ?? '' : 'User'}</span>
    </>
  );
}

/** Who answered an invitation is its invitee (one who declined never became a member, so has no row to read). */
function invitee(event: AuditEvent): string | undefined {
  return event.action === 'invitation.declined' || event.action === 'invitation.accepted'
    ? event.targets.find((target) => target.type === 'invitation')?.email : undefined;
}

function targetLabel(target: Target, names: Names): string {
  if (target.type === 'role') {
    return target.name ?? names.of(target.id) ?? target.id;
  }
  return target.email ?? target.name ?? names.of(target.id) ?? target.id;
}

function Changes(props: { changes: AuditEvent['changes']; names: Names }) {
  const entries = Object.entries(props.changes ?? {});
  if (entries.length === 0) {
    return <span class="muted">—</span>;
  }
  return (
    <ul class="plain">
      {entries.map(([field, change]) => (
        <li key={field}>
          <span class="field-name">{field}</span>{' '}
          <span class="from">{describe(field, change.from, props.names)}</span>
          <span aria-label="changed to"> → </span>
          <span class="to">{describe(field, change.to, props.names)}</span>
        </li>
      ))}
    </ul>
  );
}

function describe(field: string, value: unknown, names: Names): string {
  if (value === null || value === undefined || value === '') {
    return '(none)';
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '(none)';
    }
    return value.map((item) => (typeof item === 'string' ? nameIn(field, item, names) : describe(field, item, names)))
      .join(', ');
  }
  if (typeof value === 'boolean') {
    return value ? 'yes' : 'no';
  }
  if (typeof value === 'object') {
    const file = value as { project?: unknown; path?: unknown; permissions?: unknown };
    if (typeof file.project === 'string' && typeof file.path === 'string' && Array.isArray(file.permissions)) {
      return `${file.project}:${file.path} (${file.permissions.join(' ')})`;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

function nameIn(field: string, value: string, names: Names): string {
  return field === 'roles' ? names.role(value) : field === 'users' ? names.of(value) ?? value : value;
}

interface Names {
  /** A user's or service account's name or address, when known. */
  of: (id: string) => string | undefined;
  role: (id: string) => string;
}

/**
 * Names for the ids the events hold: the targets' own (as they were then), and the current rows of the
 * actors and role holders, read once each (members:view); a removed one keeps its id.
 */
function useNames(events: AuditEvent[]): Names {
  const org = useOrg();
  const rows = useRef(new Map<string, UserRow | null>());
  const [, setRead] = useState(0);
  const fromTargets = useMemo(() => {
    const known = new Map<string, string>();
    for (const event of events) {
      for (const target of event.targets) {
        const name = target.type === 'user' ? target.email ?? target.name : target.name ?? target.email;
        if (name && target.type !== 'invitation') {
          known.set(target.id, name);
        }
      }
    }
    return known;
  }, [events]);
  const wanted = useMemo(() => {
    const ids = new Set<string>();
    for (const event of events) {
      if (event.actor.type !== 'system' && event.actor.id !== org.me.userId) {
        ids.add(event.actor.id);
      }
      for (const id of (event.changes?.users?.from ?? []) as string[]) {
        ids.add(id);
      }
      for (const id of (event.changes?.users?.to ?? []) as string[]) {
        ids.add(id);
      }
    }
    return [...ids].filter((id) => !rows.current.has(id));
  }, [events, org.me.userId]);
  useEffect(() => {
    if (wanted.length === 0 || !org.can('members:view')) {
      return;
    }
    wanted.forEach((id) => rows.current.set(id, null));
    Promise.all(wanted.map((userId) => api.get('/orgs/{orgId}/users/{userId}', { path: { orgId: org.orgId, userId } })
      .then((row) => { rows.current.set(userId, row); }, () => undefined)))
      .then(() => setRead((n) => n + 1));
  }, [wanted.join(' ')]);
  return {
    of: (id) => {
      const row = rows.current.get(id);
      return row ? (row.type === 'service_account' ? row.name : row.email ?? row.name) ?? undefined
        : fromTargets.get(id);
    },
    role: org.roleName,
  };
}
