/** A session server on another origin is allowed in `connect-src`, and nothing else changes. */
import { describe, expect, it } from 'vitest';
import { DIRECTIVES, directivesFor } from '../../src/build/csp.ts';

describe('directivesFor', () => {
  it('is the site’s own policy without a session server elsewhere', () => {
    expect(directivesFor(undefined)).toEqual([...DIRECTIVES]);
    expect(directivesFor('')).toEqual([...DIRECTIVES]);
  });

  it('adds a session server’s https and wss origins to connect-src only', () => {
    const d = directivesFor('https://class.example.org/some/path');
    expect(d).toContain("connect-src 'self' https://class.example.org wss://class.example.org");
    expect(d.filter((x) => !x.startsWith('connect-src'))).toEqual(
      DIRECTIVES.filter((x) => !x.startsWith('connect-src')),
    );
  });

  it('keeps a plain-http server (a classroom on a local network) to http and ws', () => {
    expect(directivesFor('http://classroom.local:4322')).toContain(
      "connect-src 'self' http://classroom.local:4322 ws://classroom.local:4322",
    );
  });
});
