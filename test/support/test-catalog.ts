/**
 * The bundled catalog with some variants re-pinned to files a test server serves (generated stand-ins): the catalog's
 * real pins would — rightly — refuse them. Everything else (sources, names, listings) stays as published.
 */
import { createHash } from "node:crypto";
import type { CatalogVariant } from "../../electron/common/contract/app/library.ts";
import { loadBundledCatalog, type Catalog } from "../../models/catalog.ts";

export function catalogPinning(files: Record<string, Buffer>): Catalog {
  const bundled = loadBundledCatalog();
  for (const id of Object.keys(files)) if (!bundled.variants.some((variant) => variant.id === id)) throw new Error(`${id} is not in the catalog`);
  const repin = (variant: CatalogVariant): CatalogVariant => {
    const data = files[variant.id];
    return data ? { ...variant, sha256: createHash("sha256").update(data).digest("hex"), sizeBytes: data.length } : variant;
  };
  return { ...bundled, variants: bundled.variants.map(repin) };
}
