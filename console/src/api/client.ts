// The typed client: the request and answer types come from api/openapi.yaml (openapi-typescript
// writes ./generated/schema.d.ts in every build), this file only moves them over fetch. A route, a
// parameter or a field the document does not have does not compile.
import type { components, paths } from './generated/schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
/** The paths that answer method M. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: [NonNullable<paths[P][M]>] extends [never] ? never : P;
}[keyof paths];

type PathParams<O> = O extends { parameters: { path: infer X } } ? ([X] extends [never | undefined] ? never : X) : never;
type QueryParams<O> = O extends { parameters: { query?: infer X } } ? ([X] extends [never | undefined] ? never : X) : never;
type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type RequestBody<O> = O extends { requestBody?: infer R } ? JsonBody<R> : never;
type JsonOf<R> = R extends { content: { 'application/json': infer C } } ? C : undefined;
type Success<O> = O extends { responses: infer R }
  ? 200 extends keyof R ? JsonOf<R[200]> : 201 extends keyof R ? JsonOf<R[201]> : undefined
  : never;

type Options<O> = ([PathParams<O>] extends [never] ? { path?: undefined } : { path: PathParams<O> })
  & ([QueryParams<O>] extends [never] ? { query?: undefined } : { query?: QueryParams<O> })
  & ([RequestBody<O>] extends [never] ? { body?: undefined } : { body: RequestBody<O> })
  & { headers?: Record<string, string> };

/** An answer that is not a success: its problem+json (RFC 9457), or one made up for a network failure. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail);
  }

  /** The messages of the field errors, by field name (`name`, `emails`, `roles[0]` ...). */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      const field = error.field.replace(/\[\d+\].*$/, '').replace(/\..*$/, '');
      errors[field] = errors[field] ? `${errors[field]}; ${error.message}` : error.message;
    }
    return errors;
  }

  get code(): string {
    return this.problem.type.replace(/^urn:users-and-roles:problem:/, '');
  }
}

export interface Transport {
  /** The API's base URL: "" on the local server (same origin), "/api" behind CloudFront. */
  baseUrl: string;
  /** The bearer token for the next request, or null when signed out. */
  token(): Promise<string | null>;
  /** Called on a 401: the session is over. */
  onUnauthenticated(): void;
}

let transport: Transport | null = null;

export function configureApi(next: Transport): void {
  transport = next;
}

function expand(template: string, params: Record<string, string> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) {
      throw new Error(`missing path parameter ${name} of ${template}`);
    }
    return encodeURIComponent(value);
  });
}

function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function request<P extends keyof paths, M extends Method>(method: M, path: P,
  options: Options<Operation<P, M>>): Promise<Success<Operation<P, M>>> {
  if (!transport) {
    throw new Error('the API client is not configured');
  }
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
  const token = await transport.token();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const url = transport.baseUrl + expand(path as string, options.path as Record<string, string> | undefined)
    + queryString(options.query as Record<string, unknown> | undefined);
  let response: Response;
  try {
    response = await fetch(url, { method: method.toUpperCase(), headers, body, credentials: 'omit' });
  } catch (failure) {
    throw new ApiError(0, { type: 'urn:users-and-roles:problem:network', title: 'Network error', status: 0,
      detail: `The API could not be reached (${(failure as Error).message}). Check the connection and try again.` });
  }
  if (response.status === 204) {
    return undefined as Success<Operation<P, M>>;
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    if (response.status === 401) {
      transport.onUnauthenticated();
    }
    throw new ApiError(response.status, asProblem(response, json));
  }
  return json as Success<Operation<P, M>>;
}

function asProblem(response: Response, json: unknown): Problem {
  if (json && typeof json === 'object' && 'detail' in json && 'type' in json) {
    return json as Problem;
  }
  // deployed, API Gateway answers some errors itself with {"message": ...}
  const message = json && typeof json === 'object' && 'message' in json ? String((json as { message: unknown }).message)
    : response.statusText || 'The request failed';
  return { type: `urn:users-and-roles:problem:http-${response.status}`, title: response.statusText || 'Error',
    status: response.status, detail: message };
}

type Call<M extends Method> = <P extends PathsWith<M>>(path: P, ...options: {} extends Options<Operation<P, M>>
  ? [Options<Operation<P, M>>?] : [Options<Operation<P, M>>]) => Promise<Success<Operation<P, M>>>;

function call<M extends Method>(method: M): Call<M> {
  return ((path: keyof paths, options?: object) =>
    request(method, path as PathsWith<M>, (options ?? {}) as never)) as Call<M>;
}

export const api = {
  get: call('get'),
  post: call('post'),
  put: call('put'),
  patch: call('patch'),
  delete: call('delete'),
};
