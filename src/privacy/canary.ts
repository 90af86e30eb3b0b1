/**
 * Test helper: throws when `canary` (a made-up secret typed by a test user) appears anywhere in
 * `haystack`, a string or any JSON-serialisable value, in plain, JSON-escaped, URL-encoded or
 * base64 form. Used as "the canary password is found in no store, log or API response".
 */
export function expectNoCanary(haystack: unknown, canary: string): void {
  const hits = findCanary(haystack, canary);
  if (hits.length > 0) {
    throw new Error(`canary "${canary}" found at ${hits.slice(0, 10).join(', ')}`);
  }
}

/** Paths (like `$.rows[2].text`) where the canary was found; empty when it was not. */
export function findCanary(haystack: unknown, canary: string): string[] {
  if (canary.length < 4) throw new Error('findCanary(): use a canary of at least 4 characters');
  const forms = encodedForms(canary);
  const hits: string[] = [];
  walk(haystack, '$', (text, where) => {
    if (forms.some((form) => text.includes(form))) hits.push(where);
  });
  return hits;
}

function encodedForms(canary: string): string[] {
  const json = JSON.stringify(canary).slice(1, -1);
  return [...new Set([canary, json, encodeURIComponent(canary), ...base64Forms(canary)])];
}

/**
 * The canary as it appears inside any base64 text, whatever its byte offset: for each of the
 * three alignments, only the characters determined by the canary's bytes alone.
 */
function base64Forms(canary: string): string[] {
  const bytes = Buffer.from(canary, 'utf8');
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    return encoded.slice(Math.ceil((8 * pad) / 6), Math.floor((8 * (pad + bytes.length)) / 6));
  });
}

function walk(
  value: unknown,
  where: string,
  visit: (text: string, where: string) => void,
  seen = new Set(),
): void {
  if (typeof value === 'string') return visit(value, where);
  if (typeof value === 'number' || typeof value === 'bigint') return visit(String(value), where);
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array)
    return visit(Buffer.from(value).toString('utf8'), where);
  if (value instanceof Error) {
    visit(`${value.message}\n${value.stack ?? ''}`, `${where}(error)`);
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      walk(k, `${where}<key>`, visit, seen);
      walk(v, `${where}[${String(k)}]`, visit, seen);
    }
    return;
  }
  if (value instanceof Set || Array.isArray(value)) {
    [...value].forEach((item, i) => walk(item, `${where}[${i}]`, visit, seen));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    visit(key, `${where}<key ${key}>`);
    walk(item, `${where}.${key}`, visit, seen);
  }
}
