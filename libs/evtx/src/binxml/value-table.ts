/**
 * The substitution values of one template instance: where each value's bytes
 * are in the chunk, and its type. Reused between records (see ValueTablePool)
 * because one is needed per template instance and records are many.
 */
export class ValueTable {
  count = 0;
  /** Chunk-relative offsets of the value data. */
  readonly offsets: number[] = [];
  readonly sizes: number[] = [];
  readonly types: number[] = [];

  clear(): void {
    this.count = 0;
  }

  push(offset: number, size: number, type: number): void {
    const i = this.count++;
    this.offsets[i] = offset;
    this.sizes[i] = size;
    this.types[i] = type;
  }
}

/**
 * Value tables by nesting depth: a record's own instance uses depth 0, a
 * template instance inside a BinXML value depth 1, and so on. Rendering is
 * depth-first, so one table per depth is enough.
 */
export class ValueTablePool {
  private readonly tables: ValueTable[] = [];

  at(depth: number): ValueTable {
    let table = this.tables[depth];
    if (!table) {
      table = new ValueTable();
      this.tables[depth] = table;
    }
    table.clear();
    return table;
  }
}
