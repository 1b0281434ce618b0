/**
 * Text a reader typed (or a link carried) that a message repeats back. Every such echo
 * goes through `echo`, so a 10,000-character entry gives a short message: control
 * characters and runs of spaces become one space, and the middle of long text is left out.
 */
export const MAX_ECHO = 40;

export function echo(text: string, max = MAX_ECHO): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const head = Math.ceil((max - 1) * 0.7);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(-tail).join('') : ''} (${chars.length.toLocaleString('en-US')} characters)`;
}
