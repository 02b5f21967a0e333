// parse-srcset and http-equiv-refresh ship no types; these are the parts serialpress uses.
declare module "parse-srcset" {
  /** The candidates of a `srcset` attribute (WHATWG HTML's algorithm): URL and descriptors. */
  export default function parseSrcset(
    value: string,
  ): { url: string; d?: number; w?: number; h?: number }[];
}

declare module "http-equiv-refresh" {
  /** `<meta http-equiv="refresh" content>`: seconds (null when not a refresh) and URL. */
  export default function parseMetaRefresh(content: string): {
    timeout: number | null;
    url: string | null;
  };
}
