import { inspect } from "node:util";

/**
 * A credential read from config or the environment. It prints as `[secret]` however it is
 * logged, stringified or inspected, so that a stray `console.log(settings)` or an error
 * that embeds the settings cannot leak it. Only `reveal()` gives the value, and the only
 * caller is the code that hands it to a provider wrapped in `pulumi.secret`.
 */
export class SecretValue {
  readonly #value: string;

  constructor(
    value: string,
    /** Where the value came from, e.g. `pagerduty:token` or `$PAGERDUTY_TOKEN`. */
    readonly source: string,
  ) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return "[secret]";
  }

  toJSON(): string {
    return "[secret]";
  }

  [inspect.custom](): string {
    return `[secret from ${this.source}]`;
  }
}
