/**
 * Text wrapped at word boundaries to `width` columns, each of its lines on its own: what
 * cli-table3's `wordWrap` does, but measuring words by their characters instead of with its
 * ANSI- and emoji-aware width, which cost seconds on a plan of a thousand resources (issue 12).
 * The plan's cells hold no ANSI codes and no double-width characters. A word longer than the
 * width gets a line of its own, which the table cuts with "…", as with cli-table3's own wrapping.
 */
export function wrapWords(text: string, width: number): string {
  return text.split("\n").flatMap((line) => wrapLine(line, width)).join("\n");
}

/** cli-table3's `wordWrap` for one line (src/utils.js), step for step, leading whitespace included. */
function wrapLine(line: string, width: number): string[] {
  const lines: string[] = [];
  const parts = line.split(/(\s+)/g);
  let words: string[] = [];
  let length = 0;
  let whitespace: string | undefined;
  for (let i = 0; i < parts.length; i += 2) {
    const word = parts[i];
    let newLength = length + [...word].length;
    if (length > 0 && whitespace) newLength += whitespace.length;
    if (newLength > width) {
      if (length !== 0) lines.push(words.join(""));
      words = [word];
      length = [...word].length;
    } else {
      words.push(whitespace || "", word);
      length = newLength;
    }
    whitespace = parts[i + 1];
  }
  if (length) lines.push(words.join(""));
  return lines;
}
