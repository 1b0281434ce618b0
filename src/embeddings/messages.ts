/** Messages between the page and src/embeddings/analogy.worker.ts. */
import type { EvaluationResult, Progress } from './evaluate.ts';

export interface RunRequest {
  readonly type: 'run';
  readonly id: number;
  /** Vocabulary size: candidates and covered questions are limited to the first n words. */
  readonly n: number;
  /** URL of the word-vector asset (public/data/glove-100d-30k.bin as served). */
  readonly assetUrl: string;
  /** URL of the analogy questions (public/data/questions-words.txt as served). */
  readonly questionsUrl: string;
}

export interface CancelRequest {
  readonly type: 'cancel';
  readonly id: number;
}

export type WorkerRequest = RunRequest | CancelRequest;

export type WorkerReply =
  | { readonly type: 'loading'; readonly id: number; readonly what: 'vectors' | 'questions' }
  | ({ readonly type: 'progress'; readonly id: number } & Progress)
  | {
      readonly type: 'result';
      readonly id: number;
      readonly result: EvaluationResult;
      readonly vocabulary: number;
      readonly precision: string;
    }
  | { readonly type: 'cancelled'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
