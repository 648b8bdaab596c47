/** One self-overwriting status line on a terminal (only used when stderr is a TTY). */
export class ProgressLine {
  private width = 0;
  constructor(private readonly out: NodeJS.WritableStream) {}

  show(text: string): void {
    const padded = text.padEnd(this.width);
    this.width = text.length;
    this.out.write(`\r${padded}`);
  }

  clear(): void {
    if (this.width > 0) this.out.write(`\r${' '.repeat(this.width)}\r`);
    this.width = 0;
  }
}
