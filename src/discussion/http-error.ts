/** A channel answered with an HTTP error status; `status` tells a rate limit (429, 403) from the rest. */
export class HttpStatusError extends Error {
  readonly status: number;
  constructor(url: string, response: Response) {
    super(`${url} answered HTTP ${response.status} ${response.statusText}`);
    this.name = "HttpStatusError";
    this.status = response.status;
  }
}
