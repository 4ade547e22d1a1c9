// Calls to the bioregion REST API, relative to the page so the app works wherever it
// is served. Every failure becomes an ApiError with the API's message.

export class ApiError extends Error {
  constructor(message, { status = 0, type = "network", field = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.type = type;
    this.field = field;
  }
}

/** The URL of an API path ("network", "actors/x") with query parameters (arrays repeat). */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null && v !== "") query.append(key, String(v));
    }
  }
  const text = query.toString();
  return `api/${path}${text ? `?${text}` : ""}`;
}

export async function getJSON(path, params = {}, { signal } = {}) {
  let response;
  try {
    response = await fetch(apiUrl(path, params), { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("Cannot reach the bioregion API: is the server running?");
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    if (response.ok) throw new ApiError(`The API sent an unreadable answer for ${path}`, { status: response.status });
  }
  if (!response.ok) {
    const error = body && body.error;
    const message = error && error.message
      ? error.message
      : `The API answered ${response.status} ${response.statusText} for ${path}`;
    throw new ApiError(message, {
      status: response.status,
      type: (error && error.type) || "error",
      field: (error && error.field) || null,
    });
  }
  return body;
}

/** Every page of a list endpoint (at most maxPages pages of `limit` items). */
export async function getAll(path, params = {}, { limit = 1000, maxPages = 20 } = {}) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < maxPages; page += 1) {
    const body = await getJSON(path, { ...params, limit, cursor });
    items.push(...body.items);
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  return items;
}
