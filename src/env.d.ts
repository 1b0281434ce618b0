/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The chapter's notebook while its page renders: components read initial numbers from it. */
    notebook?: import('./notebook/notebook.ts').Notebook;
  }
}
