import { open311RemoteRequestSchema, describeIssues, type Open311RemoteRequest } from '@gridlens/contracts';

/** The feed's endpoint base: `http://host/open311/v2` from that, from `…/requests.json`, or with a trailing slash. */
export function endpointBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`URL: "${url}" is not a URL (expected e.g. http://host/open311/v2)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`URL: expected http or https (got ${parsed.protocol})`);
  parsed.search = '';
  parsed.pathname = parsed.pathname.replace(/\/(requests|services|discovery)(\.(json|xml))?$/, '').replace(/\/+$/, '');
  return parsed.toString().replace(/\/+$/, '');
}

export interface FetchedPage {
  requests: Open311RemoteRequest[];
  /** Elements of the answer that are not service requests (reported with their index and why). */
  malformed: { index: number; error: string }[];
}

/** GET {base}/requests.json with these parameters; a non-2xx answer throws with the server's own error text. */
export async function fetchRequests(base: string, params: Record<string, string>, fetchImpl: typeof fetch = fetch): Promise<FetchedPage> {
  const url = `${base}/requests.json?${new URLSearchParams(params).toString()}`;
  const response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  const text = await response.text();
  if (!response.ok) {
    let detail = text.slice(0, 300);
    try {
      const errors = JSON.parse(text) as { description?: string }[];
      if (Array.isArray(errors) && errors[0]?.description) detail = errors.map((e) => e.description).join('; ');
    } catch {
      /* not the specification's error format: keep the text */
    }
    throw new Error(`GET ${redact(url)}: HTTP ${response.status}: ${detail}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GET ${redact(url)}: the answer is not JSON`);
  }
  if (!Array.isArray(body)) throw new Error(`GET ${redact(url)}: expected a JSON array of service requests`);
  const page: FetchedPage = { requests: [], malformed: [] };
  body.forEach((item, index) => {
    const parsed = open311RemoteRequestSchema.safeParse(item);
    if (parsed.success) page.requests.push(parsed.data);
    else page.malformed.push({ index, error: describeIssues(parsed.error) });
  });
  return page;
}

function redact(url: string): string {
  return url.replace(/([?&]api_key=)[^&]*/, '$1…');
}
