import { existsSync, readFileSync } from "node:fs";
import { parse } from "dotenv";

export type EnvValues = Readonly<Record<string, string | undefined>>;

/**
 * The variables verify reads, by precedence: the process environment, then the stack's
 * outputs (when `--stack` is given), then `.env.local`. `.env.local` is parsed, never
 * loaded into `process.env`, so nothing leaks into child processes.
 */
export function mergeEnv(processEnv: EnvValues, stackOutputs: EnvValues, envFile: EnvValues): EnvValues {
  const merged: Record<string, string | undefined> = {};
  // An empty value (`DD_SITE=` copied from .env.example) means unset, in every source.
  for (const source of [envFile, stackOutputs, processEnv]) {
    for (const [key, value] of Object.entries(source)) if (value !== undefined && value.trim() !== "") merged[key] = value;
  }
  return merged;
}

/** The variables in an env file (`.env.local` by default), or none when it does not exist. */
export function readEnvFile(file: string): EnvValues {
  return existsSync(file) ? parse(readFileSync(file)) : {};
}
