/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The chapter's notebook while its page renders: components read initial numbers from it. */
    // eslint-disable-next-line @typescript-eslint/consistent-type-imports -- a global declaration file cannot use import statements
    notebook?: import('./notebook/notebook.ts').Notebook;
  }
}

/** Stylesheets made at build time by src/build/generated-css.ts. */
declare module 'virtual:heat-palette.css';
declare module 'virtual:plotly.css';
