/**
 * Shapes in the types. These lines are checked by `tsc --noEmit -p .`: a
 * wrong product of known shapes must not compile (the @ts-expect-error lines
 * fail the type check if the error ever disappears), and at run time the same
 * calls throw a ShapeError.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  add,
  identity,
  matmul,
  matrix,
  ShapeError,
  softmaxRows,
  transpose,
  zeros,
  type Matrix,
} from '../../src/engine/index.ts';

describe('shapes in the types', () => {
  it('constructors carry literal shapes', () => {
    expectTypeOf(zeros(2, 3)).toEqualTypeOf<Matrix<2, 3>>();
    expectTypeOf(identity(4)).toEqualTypeOf<Matrix<4, 4>>();
    expectTypeOf(
      matrix([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toEqualTypeOf<Matrix<2, 3>>();
    const rows: number[][] = [[1, 2]];
    expectTypeOf(matrix(rows)).toEqualTypeOf<Matrix<number, number>>();
  });

  it('operations propagate shapes', () => {
    expectTypeOf(matmul(zeros(2, 3), zeros(3, 4))).toEqualTypeOf<Matrix<2, 4>>();
    expectTypeOf(transpose(zeros(2, 3))).toEqualTypeOf<Matrix<3, 2>>();
    expectTypeOf(matmul(zeros(2, 3), transpose(zeros(5, 3)))).toEqualTypeOf<Matrix<2, 5>>();
    expectTypeOf(softmaxRows(zeros(2, 3))).toEqualTypeOf<Matrix<2, 3>>();
    expectTypeOf(add(zeros(2, 3), 1)).toEqualTypeOf<Matrix<2, 3>>();
  });

  it('a Matrix of literal shape is a Matrix', () => {
    expectTypeOf(zeros(2, 3)).toExtend<Matrix>();
    expectTypeOf<Matrix<2, 3>>().not.toExtend<Matrix<3, 2>>();
  });

  it('number shapes compile and are checked at run time', () => {
    const rows: number[][] = [[1, 2, 3]];
    const m = matrix(rows); // Matrix<number, number>
    expectTypeOf(matmul(zeros(2, 1), m)).toEqualTypeOf<Matrix<2, number>>();
    expectTypeOf(matmul(m, zeros(3, 4))).toEqualTypeOf<Matrix<number, 4>>();
    expect(() => matmul(zeros(2, 2), m)).toThrow(ShapeError);
    expect(() => matmul(m, zeros(2, 4))).toThrow(
      'matmul: (1x3) * (2x4): inner sizes 3 and 2 differ',
    );
  });

  it('nested arrays are accepted where a matrix is', () => {
    expectTypeOf(matmul([[1, 2]], [[3], [4]])).toEqualTypeOf<Matrix<number, number>>();
    expectTypeOf(matmul(zeros(1, 2), [[3], [4]])).toEqualTypeOf<Matrix<1, number>>();
    expect(matmul(zeros(1, 2), [[3], [4]]).toArray()).toEqual([[0]]);
  });

  it('a wrong product of known shapes does not compile, and throws', () => {
    const a = zeros(2, 3);
    const b = zeros(4, 5);
    // @ts-expect-error inner sizes 3 and 4 differ
    expect(() => matmul(a, b)).toThrow('matmul: (2x3) * (4x5): inner sizes 3 and 4 differ');
    // @ts-expect-error Q K without the transpose: (2x3) * (5x3)
    expect(() => matmul(a, zeros(5, 3))).toThrow(ShapeError);
  });
});
