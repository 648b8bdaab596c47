/**
 * The valid name an author most likely meant (BUG-19). Field names are CamelCase
 * compounds, and the usual mistake is borrowing a field from another event: the
 * subject of the event stays (Target..., Source...), the object changes
 * (TargetImage -> TargetObject in RegistryEvent; ParentImage -> Image in ImageLoad).
 * So a candidate that keeps the first word wins, then one that keeps the last word,
 * then edit distance decides. A candidate the wrong name is the start of wins over
 * all: that is a truncation ("begin wi", BUG-18).
 */
function words(name: string): string[] {
  return name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g)?.map((w) => w.toLowerCase()) ?? [name.toLowerCase()];
}

export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

function score(wrong: string, candidate: string): number {
  if (wrong.length >= 2 && candidate.toLowerCase().startsWith(wrong.toLowerCase())) return candidate.length - wrong.length;
  const w = words(wrong);
  const c = words(candidate);
  const firstKept = w.length > 1 && c.length > 1 && w[0] === c[0];
  const lastKept = w[w.length - 1] === c[c.length - 1];
  return (firstKept ? 0 : 1000) + (lastKept ? 0 : 100) + editDistance(wrong, candidate);
}

export function closestName(wrong: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === wrong.toLowerCase()) return candidate;
    const s = score(wrong, candidate);
    if (s < bestScore) {
      best = candidate;
      bestScore = s;
    }
  }
  return best;
}
