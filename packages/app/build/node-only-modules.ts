import { builtinModules } from "node:module";
import type { Plugin } from "vite";

const PREFIX = "\0node-only:";
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Node built-ins in the browser bundle become modules with the same export names, each a function that throws
 * a clear error. The SDK's Node-only parts (file vaults, file trees, servers) are imported but never called by
 * the app; if one ever were, the member would see "… is only available in Node", never a silent wrong answer.
 */
export function nodeOnlyModules(): Plugin {
  return {
    name: "mutua-node-only-modules",
    enforce: "pre",
    resolveId(id) {
      const bare = id.startsWith("node:") ? id.slice(5) : id;
      return id.startsWith("node:") || (builtinModules.includes(bare) && !bare.includes("/") && bare !== "buffer" && bare !== "events")
        ? PREFIX + bare
        : null;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      const names = Object.keys(await import(`node:${name}`)).filter((key) => key !== "default" && IDENTIFIER.test(key));
      const stub = (key: string) => `export const ${key} = unavailable(${JSON.stringify(key)});`;
      return [
        `const unavailable = (what) => function () { throw new Error(what + " (node:${name}) is only available in Node"); };`,
        ...names.map(stub),
        `export default { ${names.join(", ")} };`,
      ].join("\n");
    },
  };
}
