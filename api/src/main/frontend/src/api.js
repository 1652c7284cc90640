// Calls the services Sagebox answers through the console's read-only proxy; answers are AWS's own JSON shapes.

/** An AWS error answer (its __type and message) or a refused request. */
export class ApiError extends Error {
  constructor(status, type, message) {
    super(message || type || `HTTP ${status}`);
    this.status = status;
    this.type = type;
  }
}

/** POSTs one operation to /console/api/<service>/<operation> and returns the answer's JSON. */
export async function call(service, operation, input = {}) {
  const response = await fetch(`api/${service}/${operation}`, {
    method: 'POST',
    credentials: 'same-origin',
    // The header tells the server the call comes from this page (see ConsoleHandler.PAGE_HEADER).
    headers: { 'Content-Type': 'application/json', 'X-Sagebox-Console': '1' },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text };
  }
  if (!response.ok) {
    throw new ApiError(response.status, body.__type, body.message || body.Message);
  }
  return body;
}

/** Every page of a List* operation, up to {@code maxPages}: the members named {@code member}, concatenated. */
export async function listAll(service, operation, member, input = {}, maxPages = 20) {
  const items = [];
  let token;
  for (let page = 0; page < maxPages; page++) {
    const answer = await call(service, operation, token ? { ...input, NextToken: token } : input);
    items.push(...(answer[member] || []));
    token = answer.NextToken;
    if (!token) break;
  }
  return items;
}

export const sagemaker = (operation, input) => call('sagemaker', operation, input);
