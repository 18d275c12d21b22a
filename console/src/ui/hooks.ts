import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => void;
}

/** Runs load() when deps change; an answer that arrives after a newer request started is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    load().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) => mine === generation.current && setState({ error: asApiError(error), loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Paged<T> {
  items: T[];
  error: ApiError | undefined;
  loading: boolean;
  /** True while a further page is being read (the items so far stay shown). */
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** A list read page by page with the API's limit/cursor: the first page on load, the next on loadMore(). */
export function usePaged<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, deps: unknown[]): Paged<T> {
  const [state, setState] = useState<{ items: T[]; cursor?: string | null; error?: ApiError; loading: boolean;
    loadingMore: boolean }>({ items: [], loading: true, loadingMore: false });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    fetchPage(undefined).then(
      (page) => mine === generation.current && setState({ items: page.items, cursor: page.nextCursor, loading: false,
        loadingMore: false }),
      (error: unknown) => mine === generation.current && setState({ items: [], error: asApiError(error),
        loading: false, loadingMore: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(reload, [reload]);
  const loadMore = () => {
    const mine = generation.current;
    if (!state.cursor) {
      return;
    }
    setState((previous) => ({ ...previous, loadingMore: true, error: undefined }));
    fetchPage(state.cursor).then(
      (page) => mine === generation.current && setState((previous) => ({ items: [...previous.items, ...page.items],
        cursor: page.nextCursor, loading: false, loadingMore: false })),
      (error: unknown) => mine === generation.current && setState((previous) => ({ ...previous,
        error: asApiError(error), loadingMore: false })),
    );
  };
  return { items: state.items, error: state.error, loading: state.loading, loadingMore: state.loadingMore,
    hasMore: Boolean(state.cursor), loadMore, reload };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) {
    return error;
  }
  return new ApiError(0, { type: 'urn:users-and-roles:problem:console', title: 'Error', status: 0,
    detail: error instanceof Error ? error.message : String(error) });
}

/** A form submission: busy while it runs, its ApiError kept to show next to the fields. */
export function useSubmit<A extends unknown[], T>(action: (...args: A) => Promise<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const submit = async (...args: A): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action(...args);
    } catch (failure) {
      setError(asApiError(failure));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}
