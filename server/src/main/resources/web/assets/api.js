// Calls of the HTTP API: the token, problem+json errors, and a count of calls in flight (which
// the page shows as "loading" and the browser tests wait on).

const TOKEN_KEY = 'daybit.token';
let inFlight = 0;

/** An error answer of the API: its status and its problem+json body. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : (problem && problem.title) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
  }

  /** Whether the server wants a (valid, or other) token. */
  get needsToken() {
    return this.status === 401 || this.status === 403;
  }
}

export function token() {
  return localStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) { localStorage.setItem(TOKEN_KEY, value); } else { localStorage.removeItem(TOKEN_KEY); }
}

function busy(delta) {
  inFlight += delta;
  document.documentElement.dataset.loading = inFlight > 0 ? 'true' : 'false';
}

/** Counts a whole piece of work (several calls, waits between them) as in flight until it ends. */
export async function track(work) {
  busy(+1);
  try {
    return await work;
  } finally {
    busy(-1);
  }
}

/** The URL of an API path with its parameters (absent and empty ones left out). */
export function url(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v != null && v !== '') { q.set(k, v); }
  }
  const s = q.toString();
  return path + (s ? '?' + s : '');
}

/** Tries of a call the server refuses for now (503 while a dataset loads, 429/503 under load). */
const TRIES = 3;

/**
 * GETs an API path and returns its JSON; throws ApiError for an error answer. A call refused for
 * now is tried again after the server's Retry-After (at most 5 s), up to TRIES times in all.
 */
export async function get(path, params) {
  const headers = {Accept: 'application/json'};
  if (token()) { headers.Authorization = 'Bearer ' + token(); }
  busy(+1);
  try {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(url(path, params), {headers});
      const body = await res.json().catch(() => null);
      if (res.ok) { return body; }
      const header = res.headers.get('Retry-After');
      const retryAfter = header == null ? NaN : Number(header);
      if (attempt >= TRIES || (res.status !== 503 && res.status !== 429) || !(retryAfter >= 0)) {
        throw new ApiError(res.status, body);
      }
      await new Promise(resolve => setTimeout(resolve, Math.min(5, retryAfter) * 1000));
    }
  } finally {
    busy(-1);
  }
}

/** The path of a dataset's resource. */
export function datasetPath(ds, resource) {
  return '/api/v1/datasets/' + encodeURIComponent(ds) + (resource || '');
}
