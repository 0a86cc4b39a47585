import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { DynamicResource, useProviderCodeCache } from "../../components/dynamic/dynamicResource";
import { fileProviderCodeCache } from "../../components/dynamic/providerCodeCache";
import { declareUnderMocks, type Registered } from "../support/declareUnderMocks";

const type = "pulumi-nodejs:dynamic/example:Thing";
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "thing-1", outs: { ...inputs, greeting: "made by the example provider" } };
  },
};

class Thing extends DynamicResource {
  constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, props, opts, "example", "Thing");
  }
}

/** The SDK's own dynamic resource, for comparison. */
class SdkThing extends pulumi.dynamic.Resource {
  constructor(name: string, props: pulumi.Inputs) {
    super(provider, name, props, undefined, "example", "Thing");
  }
}

const folder = mkdtempSync(path.join(tmpdir(), "provider-code-"));
const file = path.join(folder, "bundle.cjs.providers.json");
afterAll(() => {
  useProviderCodeCache(undefined);
  rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => {
  rmSync(file, { force: true });
  useProviderCodeCache(undefined);
});

async function declared(declare: () => void): Promise<Registered[]> {
  const { registered } = await declareUnderMocks(async () => declare());
  return registered.filter((r) => r.type !== "pulumi:pulumi:Stack");
}

const written = () => JSON.parse(readFileSync(file, "utf8")) as { key: string; texts: Record<string, string> };

describe("DynamicResource", () => {
  it("registers as pulumi.dynamic.Resource does: the same type, inputs and serialized provider", async () => {
    const [ours, sdk] = await declared(() => {
      new Thing("ours", { size: 3 });
      new SdkThing("sdk", { size: 3 });
    });
    expect(ours.type).toBe(type);
    expect(sdk.type).toBe(type);
    expect(ours.inputs).toEqual(sdk.inputs);
    expect(ours.inputs.__provider).toMatch(/^exports\.handler = /);
  });

  it("refuses a __provider input of its own, as pulumi.dynamic.Resource does", () => {
    // Before anything is registered: the check comes first in the constructor.
    expect(() => new Thing("bad", { __provider: "code" })).toThrow("A dynamic resource must not define the __provider key");
  });

  it("writes the text it serialized to the cache, and a later process reads it instead of serializing", async () => {
    useProviderCodeCache(fileProviderCodeCache(file, "bundle-key"));
    const [first] = await declared(() => new Thing("first", { size: 1 }));
    expect(written()).toEqual({ key: "bundle-key", texts: { [type]: first.inputs.__provider } });

    // A later process of the same bundle: what it registers is what the file holds.
    writeFileSync(file, JSON.stringify({ key: "bundle-key", texts: { [type]: "exports.handler = remembered;" } }));
    useProviderCodeCache(fileProviderCodeCache(file, "bundle-key"));
    const [later] = await declared(() => new Thing("later", { size: 1 }));
    expect(later.inputs.__provider).toBe("exports.handler = remembered;");
  });

  it("ignores a text remembered for other code (another key), serializes afresh and replaces it", async () => {
    writeFileSync(file, JSON.stringify({ key: "an-older-bundle", texts: { [type]: "exports.handler = stale;" } }));
    useProviderCodeCache(fileProviderCodeCache(file, "this-bundle"));
    const [thing] = await declared(() => new Thing("thing", { size: 1 }));
    expect(thing.inputs.__provider).not.toBe("exports.handler = stale;");
    expect(thing.inputs.__provider).toMatch(/^exports\.handler = /);
    expect(written()).toEqual({ key: "this-bundle", texts: { [type]: thing.inputs.__provider } });
  });

  it("keeps a provider that captured a secret secret, and never writes it to the cache", async () => {
    const captured = pulumi.secret("captured-secret-value");
    const leaky: pulumi.dynamic.ResourceProvider = {
      async create() {
        return { id: "leaky-1", outs: { captured } };
      },
    };
    class Leaky extends DynamicResource {
      constructor(name: string) {
        super(leaky, name, {}, undefined, "example", "Leaky");
      }
    }
    useProviderCodeCache(fileProviderCodeCache(file, "bundle-key"));
    const [registered] = await declared(() => new Leaky("leaky"));
    // The SDK's wire form of a secret: the signature key, and the text under "value".
    expect(registered.inputs.__provider).toMatchObject({ value: expect.stringContaining("captured-secret-value") });
    expect(() => readFileSync(file, "utf8")).toThrow();
  });

  it("serializes a provider once per process, as the SDK does", async () => {
    useProviderCodeCache(fileProviderCodeCache(file, "bundle-key"));
    const things = await declared(() => {
      new Thing("one", { size: 1 });
      new Thing("two", { size: 2 });
    });
    expect(things.map((t) => t.inputs.__provider)).toEqual([written().texts[type], written().texts[type]]);
  });
});
