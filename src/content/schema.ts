/**
 * The frontmatter of a chapter, validated when the site builds: a wrong value fails the
 * build with a message that lists what is allowed.
 */
import { z } from 'astro/zod';
import { presetProblems } from '../notebook/presets.ts';

const finiteOrInfinite = z.union([z.number(), z.literal('-Infinity'), z.literal('Infinity')]);

const common = {
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a letter followed by letters, digits or _'),
  tex: z.string().optional(),
  caption: z.string().optional(),
  rowLabels: z.string().optional(),
  colLabels: z.string().optional(),
};

export const cellSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...common,
      kind: z.literal('matrix'),
      value: z.array(z.array(finiteOrInfinite)).min(1),
      rowsFrom: z.string().optional(),
      colsFrom: z.string().optional(),
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal('scalar'),
      value: z.number(),
      min: z.number().optional(),
      max: z.number().optional(),
      step: z.number().positive().optional(),
    })
    .strict(),
  z.object({ ...common, kind: z.literal('derived'), expr: z.string().min(1) }).strict(),
]);

/** A named set of input numbers the toolbar offers; cells left out keep the chapter's values. */
export const presetSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    cells: z.record(z.string(), z.union([finiteOrInfinite, z.array(z.array(finiteOrInfinite))])),
  })
  .strict();

export const chapterSchema = z
  .object({
    title: z.string().min(1),
    /** Position in reading order; chapters are listed and linked by it. */
    order: z.number().int().nonnegative(),
    summary: z.string().min(1),
    /** Label sets for rows and columns, such as the tokens of a sentence. */
    labels: z.record(z.string(), z.array(z.string())).optional(),
    cells: z.array(cellSchema).default([]),
    /** Examples a reader or a teacher can switch to from the toolbar. */
    presets: z.array(presetSchema).default([]),
  })
  .strict()
  .superRefine((data, ctx) => {
    // A preset that names a missing cell, or gives it the wrong kind or shape, fails the build.
    for (const message of presetProblems(data.cells, data.presets))
      ctx.addIssue({ code: 'custom', message, path: ['presets'] });
  });

export type ChapterData = z.infer<typeof chapterSchema>;
