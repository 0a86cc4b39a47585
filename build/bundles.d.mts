// Types of bundles.mjs, for the TypeScript that imports it (the tests' global set-up, the bench).
import type { BuildOptions } from "esbuild";

export declare const root: string;
export declare const cliTable3Patch: { file: string; from: string; to: string };
export declare const bundles: Record<string, { entry: string; description: string; options: BuildOptions }>;
export declare function isFresh(name: string, into?: string): boolean;
export declare function build(name: string, into?: string): Promise<string>;
export declare function freshBundle(name: string): Promise<string>;
