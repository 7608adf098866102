import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project root, whether this code runs from src/ (tsx, vitest) or from dist/src/ (after tsc).
 * Static files and migrations are found from here, not from the working directory.
 */
const here = fileURLToPath(new URL("../..", import.meta.url));
export const projectRoot = resolve(here).endsWith("/dist") ? resolve(here, "..") : resolve(here);

export const projectPath = (...parts: string[]) => join(projectRoot, ...parts);
