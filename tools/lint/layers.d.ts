/** One row of the layering table (tools/lint/layers.js). */
export interface Layer {
  /** The layer's name; other rows allow it by this name. */
  name: string;
  /** Folders (ending in "/") or exact files of the layer; a file belongs to the row whose entry matches it most specifically. */
  files: string[];
  /** Why the layer is limited as it is: printed with every error. */
  why: string;
  /** Layers by name, packages by exact specifier, and "node builtins". */
  may: string[];
}

export declare const layers: Layer[];
