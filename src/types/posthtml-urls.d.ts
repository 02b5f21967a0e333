// @11ty/posthtml-urls ships no types; this is the part serialpress uses.
declare module "@11ty/posthtml-urls" {
  import type { Plugin } from "posthtml";
  export default function urls(options: {
    eachURL: (url: string, attr: string, element: string) => string | Promise<string>;
  }): Plugin<unknown>;
}
