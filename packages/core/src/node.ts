// What only Node processes use (the browser build imports "@mutua/core" alone): files on disk.
export { writeFileAtomic } from "./atomic-file.ts";
